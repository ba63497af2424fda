/** Prints the torch reference's model spec: `tsx bench/node/spec.ts <budgetSeconds> | python3 bench/torch_ref.py`. */
import { BATCH_SIZES, benchData } from '../setup';
import { torchSpec } from './torchSpec';

console.log(JSON.stringify(torchSpec(benchData(), BATCH_SIZES, Number(process.argv[2] ?? 3))));
