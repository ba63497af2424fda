;; DBMTL Studio's own WebAssembly kernels for the WASM backend: the matrix product of the dense
;; layers, and the parts of a training step that tfjs runs as many small or slow kernels (Adam's
;; update, batch norm, ReLU's gradient, transposes, gathers, column concat and split), each in
;; 128-bit SIMD over the tensors where tfjs keeps them. The module imports tfjs's
;; own memory, so pointers are the backend's tensor offsets (see hostKernels.ts).
;;
;; Every f32x4 lane operation is IEEE single precision, the same arithmetic the backend's
;; elementwise kernels do; `adam` runs the update's operations in the op path's order and so
;; gives the same bits (hostKernels.test.ts). Sums (column sums, matmul) run in float32, in
;; their own order (rows in turn; k in turn).
;;
;; Compiled by `npm run build:kernels` (wabt) into kernelsBinary.ts; a test recompiles this file
;; and compares.
(module
  (import "env" "memory" (memory 0))

  ;; Adam over n values: x = g (+ l2·w when l2 ≠ 0) (· scale when scale ≠ 1);
  ;; m' = β1·m + (1−β1)·x;  v' = β2·v + (1−β2)·x²;  w' = w − (m' / (√v' + ε))·step.
  (func (export "adam")
    (param $g i32) (param $w i32) (param $m i32) (param $v i32)
    (param $nw i32) (param $nm i32) (param $nv i32) (param $n i32)
    (param $l2 f32) (param $scale f32) (param $b1 f32) (param $c1 f32)
    (param $b2 f32) (param $c2 f32) (param $eps f32) (param $step f32)
    (local $o i32) (local $end i32) (local $vend i32) (local $useL2 i32) (local $useScale i32)
    (local $x v128) (local $mi v128) (local $vi v128)
    (local $sx f32) (local $smi f32) (local $svi f32)
    (local.set $useL2 (f32.ne (local.get $l2) (f32.const 0)))
    (local.set $useScale (f32.ne (local.get $scale) (f32.const 1)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vend (i32.and (local.get $end) (i32.const -16)))
    (block $vdone
      (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $o) (local.get $vend)))
        (local.set $x (v128.load (i32.add (local.get $g) (local.get $o))))
        (if (local.get $useL2)
          (then (local.set $x (f32x4.add (local.get $x)
            (f32x4.mul (v128.load (i32.add (local.get $w) (local.get $o)))
                       (f32x4.splat (local.get $l2)))))))
        (if (local.get $useScale)
          (then (local.set $x (f32x4.mul (local.get $x) (f32x4.splat (local.get $scale))))))
        (local.set $mi (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $o))) (f32x4.splat (local.get $b1)))
          (f32x4.mul (local.get $x) (f32x4.splat (local.get $c1)))))
        (local.set $vi (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $o))) (f32x4.splat (local.get $b2)))
          (f32x4.mul (f32x4.mul (local.get $x) (local.get $x)) (f32x4.splat (local.get $c2)))))
        (v128.store (i32.add (local.get $nm) (local.get $o)) (local.get $mi))
        (v128.store (i32.add (local.get $nv) (local.get $o)) (local.get $vi))
        (v128.store (i32.add (local.get $nw) (local.get $o))
          (f32x4.sub (v128.load (i32.add (local.get $w) (local.get $o)))
            (f32x4.mul
              (f32x4.div (local.get $mi)
                (f32x4.add (f32x4.sqrt (local.get $vi)) (f32x4.splat (local.get $eps))))
              (f32x4.splat (local.get $step)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vloop)))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $sx (f32.load (i32.add (local.get $g) (local.get $o))))
        (if (local.get $useL2)
          (then (local.set $sx (f32.add (local.get $sx)
            (f32.mul (f32.load (i32.add (local.get $w) (local.get $o))) (local.get $l2))))))
        (if (local.get $useScale)
          (then (local.set $sx (f32.mul (local.get $sx) (local.get $scale)))))
        (local.set $smi (f32.add
          (f32.mul (f32.load (i32.add (local.get $m) (local.get $o))) (local.get $b1))
          (f32.mul (local.get $sx) (local.get $c1))))
        (local.set $svi (f32.add
          (f32.mul (f32.load (i32.add (local.get $v) (local.get $o))) (local.get $b2))
          (f32.mul (f32.mul (local.get $sx) (local.get $sx)) (local.get $c2))))
        (f32.store (i32.add (local.get $nm) (local.get $o)) (local.get $smi))
        (f32.store (i32.add (local.get $nv) (local.get $o)) (local.get $svi))
        (f32.store (i32.add (local.get $nw) (local.get $o))
          (f32.sub (f32.load (i32.add (local.get $w) (local.get $o)))
            (f32.mul
              (f32.div (local.get $smi) (f32.add (f32.sqrt (local.get $svi)) (local.get $eps)))
              (local.get $step))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $loop))))

  ;; Σ x² over n values with x = g + l2·w (float32), summed in float64: the global norm for
  ;; clipping (l2 = 0 for the plain gradient).
  (func (export "sumsq") (param $g i32) (param $w i32) (param $n i32) (param $l2 f32)
    (result f64)
    (local $o i32) (local $end i32) (local $x f32) (local $sum f64)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $x (f32.load (i32.add (local.get $g) (local.get $o))))
        (if (f32.ne (local.get $l2) (f32.const 0))
          (then (local.set $x (f32.add (local.get $x)
            (f32.mul (f32.load (i32.add (local.get $w) (local.get $o))) (local.get $l2))))))
        (local.set $sum (f64.add (local.get $sum)
          (f64.promote_f32 (f32.mul (local.get $x) (local.get $x)))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $loop)))
    (local.get $sum))

  ;; out[c] = 0 for c < cols.
  (func $zero (param $out i32) (param $cols i32)
    (memory.fill (local.get $out) (i32.const 0) (i32.shl (local.get $cols) (i32.const 2))))

  ;; Training-mode batch norm of z [rows, cols] (the dense layer's output), then ReLU if asked:
  ;; mean and (biased) variance per column, r = 1/√(var + ε), x̂ = (z − mean)·r,
  ;; value = γ·x̂ + β (max with 0 under ReLU). Writes value, x̂, mean, var and r.
  (func (export "bn_forward")
    (param $z i32) (param $rows i32) (param $cols i32) (param $gamma i32) (param $beta i32)
    (param $eps f32) (param $relu i32)
    (param $value i32) (param $xhat i32) (param $mean i32) (param $var i32) (param $r i32)
    (local $row i32) (local $c i32) (local $rowBytes i32) (local $vcols i32) (local $p i32)
    (local $d v128) (local $y v128) (local $sd f32) (local $sy f32) (local $n f32)
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $vcols (i32.and (local.get $rowBytes) (i32.const -16)))
    (local.set $n (f32.convert_i32_u (local.get $rows)))
    (call $zero (local.get $var) (local.get $cols))
    (call $columnSums (local.get $z) (local.get $rows) (local.get $cols) (local.get $mean))
    (local.set $c (i32.const 0))
    (block $mdone (loop $mloop
      (br_if $mdone (i32.ge_u (local.get $c) (local.get $rowBytes)))
      (f32.store (i32.add (local.get $mean) (local.get $c))
        (f32.div (f32.load (i32.add (local.get $mean) (local.get $c))) (local.get $n)))
      (local.set $c (i32.add (local.get $c) (i32.const 4)))
      (br $mloop)))
    ;; Σ (z − mean)² per column.
    (local.set $row (i32.const 0))
    (block $rdone2 (loop $rloop2
      (br_if $rdone2 (i32.ge_u (local.get $row) (local.get $rows)))
      (local.set $p (i32.add (local.get $z) (i32.mul (local.get $row) (local.get $rowBytes))))
      (local.set $c (i32.const 0))
      (block $vdone2 (loop $vloop2
        (br_if $vdone2 (i32.ge_u (local.get $c) (local.get $vcols)))
        (local.set $d (f32x4.sub (v128.load (i32.add (local.get $p) (local.get $c)))
                                 (v128.load (i32.add (local.get $mean) (local.get $c)))))
        (v128.store (i32.add (local.get $var) (local.get $c))
          (f32x4.add (v128.load (i32.add (local.get $var) (local.get $c)))
                     (f32x4.mul (local.get $d) (local.get $d))))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $vloop2)))
      (block $sdone2 (loop $sloop2
        (br_if $sdone2 (i32.ge_u (local.get $c) (local.get $rowBytes)))
        (local.set $sd (f32.sub (f32.load (i32.add (local.get $p) (local.get $c)))
                                (f32.load (i32.add (local.get $mean) (local.get $c)))))
        (f32.store (i32.add (local.get $var) (local.get $c))
          (f32.add (f32.load (i32.add (local.get $var) (local.get $c)))
                   (f32.mul (local.get $sd) (local.get $sd))))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $sloop2)))
      (local.set $row (i32.add (local.get $row) (i32.const 1)))
      (br $rloop2)))
    (local.set $c (i32.const 0))
    (block $vardone (loop $varloop
      (br_if $vardone (i32.ge_u (local.get $c) (local.get $rowBytes)))
      (f32.store (i32.add (local.get $var) (local.get $c))
        (f32.div (f32.load (i32.add (local.get $var) (local.get $c))) (local.get $n)))
      (f32.store (i32.add (local.get $r) (local.get $c))
        (f32.div (f32.const 1)
          (f32.sqrt (f32.add (f32.load (i32.add (local.get $var) (local.get $c)))
                             (local.get $eps)))))
      (local.set $c (i32.add (local.get $c) (i32.const 4)))
      (br $varloop)))
    ;; x̂ and the output.
    (local.set $row (i32.const 0))
    (block $rdone3 (loop $rloop3
      (br_if $rdone3 (i32.ge_u (local.get $row) (local.get $rows)))
      (local.set $p (i32.mul (local.get $row) (local.get $rowBytes)))
      (local.set $c (i32.const 0))
      (block $vdone3 (loop $vloop3
        (br_if $vdone3 (i32.ge_u (local.get $c) (local.get $vcols)))
        (local.set $d (f32x4.mul
          (f32x4.sub (v128.load (i32.add (local.get $z) (i32.add (local.get $p) (local.get $c))))
                     (v128.load (i32.add (local.get $mean) (local.get $c))))
          (v128.load (i32.add (local.get $r) (local.get $c)))))
        (v128.store (i32.add (local.get $xhat) (i32.add (local.get $p) (local.get $c)))
          (local.get $d))
        (local.set $y (f32x4.add
          (f32x4.mul (local.get $d) (v128.load (i32.add (local.get $gamma) (local.get $c))))
          (v128.load (i32.add (local.get $beta) (local.get $c)))))
        (if (local.get $relu)
          (then (local.set $y (f32x4.max (local.get $y) (f32x4.splat (f32.const 0))))))
        (v128.store (i32.add (local.get $value) (i32.add (local.get $p) (local.get $c)))
          (local.get $y))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $vloop3)))
      (block $sdone3 (loop $sloop3
        (br_if $sdone3 (i32.ge_u (local.get $c) (local.get $rowBytes)))
        (local.set $sd (f32.mul
          (f32.sub (f32.load (i32.add (local.get $z) (i32.add (local.get $p) (local.get $c))))
                   (f32.load (i32.add (local.get $mean) (local.get $c))))
          (f32.load (i32.add (local.get $r) (local.get $c)))))
        (f32.store (i32.add (local.get $xhat) (i32.add (local.get $p) (local.get $c)))
          (local.get $sd))
        (local.set $sy (f32.add
          (f32.mul (local.get $sd) (f32.load (i32.add (local.get $gamma) (local.get $c))))
          (f32.load (i32.add (local.get $beta) (local.get $c)))))
        (if (local.get $relu)
          (then (local.set $sy (f32.max (local.get $sy) (f32.const 0)))))
        (f32.store (i32.add (local.get $value) (i32.add (local.get $p) (local.get $c)))
          (local.get $sy))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $sloop3)))
      (local.set $row (i32.add (local.get $row) (i32.const 1)))
      (br $rloop3))))

  ;; The gradient of bn_forward. With g = ∂L/∂value (zeroed where value ≤ 0 under ReLU):
  ;; ∂β = Σ g, ∂γ = Σ g·x̂, ∂z = (g − (∂β + x̂·∂γ)/rows)·(γ·r), and ∂bias = Σ ∂z for the dense
  ;; layer's bias. Writes dz [rows, cols], dgamma, dbeta and dbias [cols].
  (func (export "bn_backward")
    (param $dy i32) (param $value i32) (param $xhat i32) (param $gamma i32) (param $r i32)
    (param $rows i32) (param $cols i32) (param $relu i32)
    (param $dz i32) (param $dgamma i32) (param $dbeta i32) (param $dbias i32)
    (local $row i32) (local $c i32) (local $rowBytes i32) (local $vcols i32) (local $p i32)
    (local $g v128) (local $x v128) (local $out v128)
    (local $sg f32) (local $sx f32) (local $so f32) (local $n f32)
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $vcols (i32.and (local.get $rowBytes) (i32.const -16)))
    (local.set $n (f32.convert_i32_u (local.get $rows)))
    (call $zero (local.get $dgamma) (local.get $cols))
    (call $zero (local.get $dbeta) (local.get $cols))
    (call $zero (local.get $dbias) (local.get $cols))
    (local.set $row (i32.const 0))
    (block $rdone (loop $rloop
      (br_if $rdone (i32.ge_u (local.get $row) (local.get $rows)))
      (local.set $p (i32.mul (local.get $row) (local.get $rowBytes)))
      (local.set $c (i32.const 0))
      (block $vdone (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $c) (local.get $vcols)))
        (local.set $g (v128.load (i32.add (local.get $dy) (i32.add (local.get $p) (local.get $c)))))
        (if (local.get $relu)
          (then (local.set $g (v128.and (local.get $g)
            (f32x4.gt (v128.load (i32.add (local.get $value) (i32.add (local.get $p) (local.get $c))))
                      (f32x4.splat (f32.const 0)))))))
        (v128.store (i32.add (local.get $dbeta) (local.get $c))
          (f32x4.add (v128.load (i32.add (local.get $dbeta) (local.get $c))) (local.get $g)))
        (v128.store (i32.add (local.get $dgamma) (local.get $c))
          (f32x4.add (v128.load (i32.add (local.get $dgamma) (local.get $c)))
            (f32x4.mul (local.get $g)
              (v128.load (i32.add (local.get $xhat) (i32.add (local.get $p) (local.get $c)))))))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $vloop)))
      (block $sdone (loop $sloop
        (br_if $sdone (i32.ge_u (local.get $c) (local.get $rowBytes)))
        (local.set $sg (f32.load (i32.add (local.get $dy) (i32.add (local.get $p) (local.get $c)))))
        (if (local.get $relu)
          (then (if (f32.le (f32.load (i32.add (local.get $value) (i32.add (local.get $p) (local.get $c))))
                            (f32.const 0))
            (then (local.set $sg (f32.const 0))))))
        (f32.store (i32.add (local.get $dbeta) (local.get $c))
          (f32.add (f32.load (i32.add (local.get $dbeta) (local.get $c))) (local.get $sg)))
        (f32.store (i32.add (local.get $dgamma) (local.get $c))
          (f32.add (f32.load (i32.add (local.get $dgamma) (local.get $c)))
            (f32.mul (local.get $sg)
              (f32.load (i32.add (local.get $xhat) (i32.add (local.get $p) (local.get $c)))))))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $sloop)))
      (local.set $row (i32.add (local.get $row) (i32.const 1)))
      (br $rloop)))
    (local.set $row (i32.const 0))
    (block $rdone2 (loop $rloop2
      (br_if $rdone2 (i32.ge_u (local.get $row) (local.get $rows)))
      (local.set $p (i32.mul (local.get $row) (local.get $rowBytes)))
      (local.set $c (i32.const 0))
      (block $vdone2 (loop $vloop2
        (br_if $vdone2 (i32.ge_u (local.get $c) (local.get $vcols)))
        (local.set $g (v128.load (i32.add (local.get $dy) (i32.add (local.get $p) (local.get $c)))))
        (if (local.get $relu)
          (then (local.set $g (v128.and (local.get $g)
            (f32x4.gt (v128.load (i32.add (local.get $value) (i32.add (local.get $p) (local.get $c))))
                      (f32x4.splat (f32.const 0)))))))
        (local.set $x (v128.load (i32.add (local.get $xhat) (i32.add (local.get $p) (local.get $c)))))
        (local.set $out (f32x4.mul
          (f32x4.sub (local.get $g)
            (f32x4.div
              (f32x4.add (v128.load (i32.add (local.get $dbeta) (local.get $c)))
                (f32x4.mul (local.get $x) (v128.load (i32.add (local.get $dgamma) (local.get $c)))))
              (f32x4.splat (local.get $n))))
          (f32x4.mul (v128.load (i32.add (local.get $gamma) (local.get $c)))
                     (v128.load (i32.add (local.get $r) (local.get $c))))))
        (v128.store (i32.add (local.get $dz) (i32.add (local.get $p) (local.get $c))) (local.get $out))
        (v128.store (i32.add (local.get $dbias) (local.get $c))
          (f32x4.add (v128.load (i32.add (local.get $dbias) (local.get $c))) (local.get $out)))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $vloop2)))
      (block $sdone2 (loop $sloop2
        (br_if $sdone2 (i32.ge_u (local.get $c) (local.get $rowBytes)))
        (local.set $sg (f32.load (i32.add (local.get $dy) (i32.add (local.get $p) (local.get $c)))))
        (if (local.get $relu)
          (then (if (f32.le (f32.load (i32.add (local.get $value) (i32.add (local.get $p) (local.get $c))))
                            (f32.const 0))
            (then (local.set $sg (f32.const 0))))))
        (local.set $sx (f32.load (i32.add (local.get $xhat) (i32.add (local.get $p) (local.get $c)))))
        (local.set $so (f32.mul
          (f32.sub (local.get $sg)
            (f32.div
              (f32.add (f32.load (i32.add (local.get $dbeta) (local.get $c)))
                (f32.mul (local.get $sx) (f32.load (i32.add (local.get $dgamma) (local.get $c)))))
              (local.get $n)))
          (f32.mul (f32.load (i32.add (local.get $gamma) (local.get $c)))
                   (f32.load (i32.add (local.get $r) (local.get $c))))))
        (f32.store (i32.add (local.get $dz) (i32.add (local.get $p) (local.get $c))) (local.get $so))
        (f32.store (i32.add (local.get $dbias) (local.get $c))
          (f32.add (f32.load (i32.add (local.get $dbias) (local.get $c))) (local.get $so)))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $sloop2)))
      (local.set $row (i32.add (local.get $row) (i32.const 1)))
      (br $rloop2))))

  ;; dst [cols, rows] = srcᵀ for src [rows, cols]: 4×4 blocks transposed in registers, in strips
  ;; of 16 columns so that each strip's reads are whole cache lines and its 16 output rows fill
  ;; in order; then the ragged edges element by element.
  (func (export "transpose")
    (param $src i32) (param $rows i32) (param $cols i32) (param $dst i32)
    (local $i i32) (local $j i32) (local $jb i32) (local $jend i32) (local $r4 i32) (local $c4 i32)
    (local $rowBytes i32) (local $dstRowBytes i32) (local $s i32) (local $d i32)
    (local $a v128) (local $b v128) (local $c v128) (local $e v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $dstRowBytes (i32.shl (local.get $rows) (i32.const 2)))
    (local.set $r4 (i32.and (local.get $rows) (i32.const -4)))
    (local.set $c4 (i32.and (local.get $cols) (i32.const -4)))
    (block $jbdone (loop $jbloop
      (br_if $jbdone (i32.ge_u (local.get $jb) (local.get $c4)))
      (local.set $jend (select (local.get $c4) (i32.add (local.get $jb) (i32.const 16))
        (i32.lt_u (local.get $c4) (i32.add (local.get $jb) (i32.const 16)))))
      (local.set $i (i32.const 0))
      (block $idone (loop $iloop
        (br_if $idone (i32.ge_u (local.get $i) (local.get $r4)))
        (local.set $j (local.get $jb))
        (block $jdone (loop $jloop
          (br_if $jdone (i32.ge_u (local.get $j) (local.get $jend)))
          (local.set $s (i32.add (local.get $src)
            (i32.add (i32.mul (local.get $i) (local.get $rowBytes)) (i32.shl (local.get $j) (i32.const 2)))))
          (local.set $a (v128.load (local.get $s)))
          (local.set $b (v128.load (i32.add (local.get $s) (local.get $rowBytes))))
          (local.set $c (v128.load (i32.add (local.get $s) (i32.shl (local.get $rowBytes) (i32.const 1)))))
          (local.set $e (v128.load (i32.add (local.get $s) (i32.mul (local.get $rowBytes) (i32.const 3)))))
          (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a) (local.get $b)))
          (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a) (local.get $b)))
          (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c) (local.get $e)))
          (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c) (local.get $e)))
          (local.set $d (i32.add (local.get $dst)
            (i32.add (i32.mul (local.get $j) (local.get $dstRowBytes)) (i32.shl (local.get $i) (i32.const 2)))))
          (v128.store (local.get $d)
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
          (v128.store (i32.add (local.get $d) (local.get $dstRowBytes))
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
          (v128.store (i32.add (local.get $d) (i32.shl (local.get $dstRowBytes) (i32.const 1)))
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
          (v128.store (i32.add (local.get $d) (i32.mul (local.get $dstRowBytes) (i32.const 3)))
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br $jloop)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $iloop)))
      (local.set $jb (local.get $jend))
      (br $jbloop)))
    ;; Columns past the last multiple of 4, in the rows done above; then the last rows whole.
    (call $transposeScalar (local.get $src) (local.get $rows) (local.get $cols) (local.get $dst)
      (i32.const 0) (local.get $r4) (local.get $c4) (local.get $cols))
    (call $transposeScalar (local.get $src) (local.get $rows) (local.get $cols) (local.get $dst)
      (local.get $r4) (local.get $rows) (i32.const 0) (local.get $cols)))

  ;; dst[j, i] = src[i, j] for i in [i0, i1), j in [j0, j1).
  (func $transposeScalar
    (param $src i32) (param $rows i32) (param $cols i32) (param $dst i32)
    (param $i0 i32) (param $i1 i32) (param $j0 i32) (param $j1 i32)
    (local $i i32) (local $j i32)
    (local.set $i (local.get $i0))
    (block $idone (loop $iloop
      (br_if $idone (i32.ge_u (local.get $i) (local.get $i1)))
      (local.set $j (local.get $j0))
      (block $jdone (loop $jloop
        (br_if $jdone (i32.ge_u (local.get $j) (local.get $j1)))
        (f32.store
          (i32.add (local.get $dst)
            (i32.shl (i32.add (i32.mul (local.get $j) (local.get $rows)) (local.get $i)) (i32.const 2)))
          (f32.load (i32.add (local.get $src)
            (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j)) (i32.const 2)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $jloop)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $iloop))))

  ;; The gradient through a ReLU and the bias sum of a dense layer: g = dy where y > 0, else 0
  ;; (tf.step(y)·dy), and dbias[c] = Σ over rows of g. y and dy are [rows, cols].
  (func (export "relu_backward")
    (param $dy i32) (param $y i32) (param $rows i32) (param $cols i32)
    (param $g i32) (param $dbias i32)
    (local $row i32) (local $c i32) (local $rowBytes i32) (local $vcols i32) (local $p i32)
    (local $v v128) (local $s f32)
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $vcols (i32.and (local.get $rowBytes) (i32.const -16)))
    (call $zero (local.get $dbias) (local.get $cols))
    (block $rdone (loop $rloop
      (br_if $rdone (i32.ge_u (local.get $row) (local.get $rows)))
      (local.set $p (i32.mul (local.get $row) (local.get $rowBytes)))
      (local.set $c (i32.const 0))
      (block $vdone (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $c) (local.get $vcols)))
        (local.set $v (v128.and
          (v128.load (i32.add (local.get $dy) (i32.add (local.get $p) (local.get $c))))
          (f32x4.gt (v128.load (i32.add (local.get $y) (i32.add (local.get $p) (local.get $c))))
                    (f32x4.splat (f32.const 0)))))
        (v128.store (i32.add (local.get $g) (i32.add (local.get $p) (local.get $c))) (local.get $v))
        (v128.store (i32.add (local.get $dbias) (local.get $c))
          (f32x4.add (v128.load (i32.add (local.get $dbias) (local.get $c))) (local.get $v)))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $vloop)))
      (block $sdone (loop $sloop
        (br_if $sdone (i32.ge_u (local.get $c) (local.get $rowBytes)))
        (local.set $s (f32.load (i32.add (local.get $dy) (i32.add (local.get $p) (local.get $c)))))
        (if (f32.le (f32.load (i32.add (local.get $y) (i32.add (local.get $p) (local.get $c))))
                    (f32.const 0))
          (then (local.set $s (f32.const 0))))
        (f32.store (i32.add (local.get $g) (i32.add (local.get $p) (local.get $c))) (local.get $s))
        (f32.store (i32.add (local.get $dbias) (local.get $c))
          (f32.add (f32.load (i32.add (local.get $dbias) (local.get $c))) (local.get $s)))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $sloop)))
      (local.set $row (i32.add (local.get $row) (i32.const 1)))
      (br $rloop))))

  ;; dbias[c] = Σ over rows of g [rows, cols] (a linear layer's bias gradient).
  (func $columnSums (export "column_sums")
    (param $g i32) (param $rows i32) (param $cols i32) (param $out i32)
    (local $row i32) (local $c i32) (local $rowBytes i32) (local $vcols i32) (local $p i32)
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $vcols (i32.and (local.get $rowBytes) (i32.const -16)))
    (call $zero (local.get $out) (local.get $cols))
    (block $rdone (loop $rloop
      (br_if $rdone (i32.ge_u (local.get $row) (local.get $rows)))
      (local.set $p (i32.add (local.get $g) (i32.mul (local.get $row) (local.get $rowBytes))))
      (local.set $c (i32.const 0))
      (block $vdone (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $c) (local.get $vcols)))
        (v128.store (i32.add (local.get $out) (local.get $c))
          (f32x4.add (v128.load (i32.add (local.get $out) (local.get $c)))
                     (v128.load (i32.add (local.get $p) (local.get $c)))))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $vloop)))
      (block $sdone (loop $sloop
        (br_if $sdone (i32.ge_u (local.get $c) (local.get $rowBytes)))
        (f32.store (i32.add (local.get $out) (local.get $c))
          (f32.add (f32.load (i32.add (local.get $out) (local.get $c)))
                   (f32.load (i32.add (local.get $p) (local.get $c)))))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $sloop)))
      (local.set $row (i32.add (local.get $row) (i32.const 1)))
      (br $rloop))))

  ;; Rows of a table by id: out[k] = table[ids[k]] ([n, dim] from [tableRows, dim]); an id
  ;; outside the table gives a zero row (as tfjs's GPU gathers do) rather than other memory.
  (func (export "gather_rows")
    (param $table i32) (param $tableRows i32) (param $dim i32) (param $ids i32) (param $n i32)
    (param $out i32)
    (local $k i32) (local $id i32) (local $rowBytes i32) (local $d i32)
    (local.set $rowBytes (i32.shl (local.get $dim) (i32.const 2)))
    (block $done (loop $loop
      (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
      (local.set $id (i32.load (i32.add (local.get $ids) (i32.shl (local.get $k) (i32.const 2)))))
      (local.set $d (i32.add (local.get $out) (i32.mul (local.get $k) (local.get $rowBytes))))
      (if (i32.lt_u (local.get $id) (local.get $tableRows))
        (then (memory.copy (local.get $d)
          (i32.add (local.get $table) (i32.mul (local.get $id) (local.get $rowBytes)))
          (local.get $rowBytes)))
        (else (memory.fill (local.get $d) (i32.const 0) (local.get $rowBytes))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $loop))))

  ;; Copies a [rows, width] block between two row-major matrices (strides in floats): the
  ;; column slices of a split, the pieces of a column concat.
  (func (export "copy_block")
    (param $src i32) (param $srcStride i32) (param $dst i32) (param $dstStride i32)
    (param $rows i32) (param $width i32)
    (local $row i32) (local $bytes i32)
    (local.set $bytes (i32.shl (local.get $width) (i32.const 2)))
    (block $done (loop $loop
      (br_if $done (i32.ge_u (local.get $row) (local.get $rows)))
      (memory.copy
        (i32.add (local.get $dst)
          (i32.shl (i32.mul (local.get $row) (local.get $dstStride)) (i32.const 2)))
        (i32.add (local.get $src)
          (i32.shl (i32.mul (local.get $row) (local.get $srcStride)) (i32.const 2)))
        (local.get $bytes))
      (local.set $row (i32.add (local.get $row) (i32.const 1)))
      (br $loop))))

  ;; Packs B for `matmul` into panels of 8 columns, each K·8 floats, k-major (B[k, 8p..8p+7]
  ;; contiguous), zero past column N; then the bias (or zeros) padded the same way after them.
  ;; B is [K, N], or [N, K] read transposed when $bT is set.
  (func $packB
    (param $b i32) (param $k i32) (param $n i32) (param $bT i32) (param $bias i32)
    (param $out i32)
    (local $p i32) (local $kk i32) (local $c i32) (local $col i32) (local $dst i32) (local $src i32)
    (local.set $dst (local.get $out))
    (block $pdone (loop $ploop
      (br_if $pdone (i32.ge_u (i32.shl (local.get $p) (i32.const 3)) (local.get $n)))
      (local.set $kk (i32.const 0))
      ;; A whole panel of an untransposed B: two vector copies per row.
      (if (i32.and (i32.eqz (local.get $bT))
                   (i32.le_u (i32.shl (i32.add (local.get $p) (i32.const 1)) (i32.const 3))
                             (local.get $n)))
        (then
          (local.set $src (i32.add (local.get $b) (i32.shl (local.get $p) (i32.const 5))))
          (block $fdone (loop $floop
            (br_if $fdone (i32.ge_u (local.get $kk) (local.get $k)))
            (v128.store (local.get $dst) (v128.load (local.get $src)))
            (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $src)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
            (local.set $src (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 2))))
            (local.set $kk (i32.add (local.get $kk) (i32.const 1)))
            (br $floop)))))
      (block $kdone (loop $kloop
        (br_if $kdone (i32.ge_u (local.get $kk) (local.get $k)))
        (local.set $c (i32.const 0))
        (block $cdone (loop $cloop
          (br_if $cdone (i32.ge_u (local.get $c) (i32.const 8)))
          (local.set $col (i32.add (i32.shl (local.get $p) (i32.const 3)) (local.get $c)))
          (f32.store (local.get $dst)
            (if (result f32) (i32.lt_u (local.get $col) (local.get $n))
              (then (f32.load (i32.add (local.get $b) (i32.shl
                (if (result i32) (local.get $bT)
                  (then (i32.add (i32.mul (local.get $col) (local.get $k)) (local.get $kk)))
                  (else (i32.add (i32.mul (local.get $kk) (local.get $n)) (local.get $col))))
                (i32.const 2)))))
              (else (f32.const 0))))
          (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br $cloop)))
        (local.set $kk (i32.add (local.get $kk) (i32.const 1)))
        (br $kloop)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $ploop)))
    ;; The bias, padded to the panels' width.
    (local.set $col (i32.const 0))
    (block $bdone (loop $bloop
      (br_if $bdone (i32.ge_u (local.get $col) (i32.shl (local.get $p) (i32.const 3))))
      (f32.store (local.get $dst)
        (if (result f32) (i32.and (i32.ne (local.get $bias) (i32.const 0))
                                  (i32.lt_u (local.get $col) (local.get $n)))
          (then (f32.load (i32.add (local.get $bias) (i32.shl (local.get $col) (i32.const 2)))))
          (else (f32.const 0))))
      (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
      (local.set $col (i32.add (local.get $col) (i32.const 1)))
      (br $bloop))))

  ;; Stores one row's 8-column result (x0, x1) of panel $p at row pointer $row (N floats),
  ;; after the bias ($bias8: the panel's 8 padded bias values) and ReLU if asked; lanes past
  ;; column N are dropped.
  (func $storeRow
    (param $row i32) (param $p i32) (param $n i32) (param $bias8 i32) (param $relu i32)
    (param $x0 v128) (param $x1 v128)
    (local $col i32) (local $dst i32) (local $c i32)
    (local.set $x0 (f32x4.add (local.get $x0) (v128.load (local.get $bias8))))
    (local.set $x1 (f32x4.add (local.get $x1) (v128.load offset=16 (local.get $bias8))))
    (if (local.get $relu) (then
      (local.set $x0 (f32x4.max (local.get $x0) (v128.const i32x4 0 0 0 0)))
      (local.set $x1 (f32x4.max (local.get $x1) (v128.const i32x4 0 0 0 0)))))
    (local.set $col (i32.shl (local.get $p) (i32.const 3)))
    (local.set $dst (i32.add (local.get $row) (i32.shl (local.get $col) (i32.const 2))))
    (if (i32.le_u (i32.add (local.get $col) (i32.const 8)) (local.get $n))
      (then
        (v128.store (local.get $dst) (local.get $x0))
        (v128.store offset=16 (local.get $dst) (local.get $x1))
        (return)))
    ;; A ragged last panel: the 8 values go through the 32 bytes after the padded bias (kept
    ;; free for this), then the valid ones to the row.
    (v128.store offset=32 (local.get $bias8) (local.get $x0))
    (v128.store offset=48 (local.get $bias8) (local.get $x1))
    (block $done (loop $lanes
      (br_if $done (i32.ge_u (i32.add (local.get $col) (local.get $c)) (local.get $n)))
      (f32.store (i32.add (local.get $dst) (i32.shl (local.get $c) (i32.const 2)))
        (f32.load offset=32 (i32.add (local.get $bias8) (i32.shl (local.get $c) (i32.const 2)))))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br $lanes))))

  ;; C [M, N] = A [M, K] · B (+ bias, then ReLU if asked). B is [K, N], or [N, K] used
  ;; transposed when $bT is set; $bias is 0 for none. $scratch holds ⌈N/8⌉·8·(K + 1) + 16
  ;; floats (see packB and storeRow). Each output is Σ_k A[i,k]·B[k,j] in float32, k in order,
  ;; from a 4-row × 8-column block of accumulators (one row at a time for the last M mod 4).
  (func (export "matmul")
    (param $a i32) (param $m i32) (param $k i32) (param $b i32) (param $n i32) (param $bT i32)
    (param $bias i32) (param $relu i32) (param $c i32) (param $scratch i32)
    (local $i i32) (local $p i32) (local $panels i32) (local $kk i32) (local $a0 i32) (local $bp i32)
    (local $rowA i32) (local $rowC i32) (local $biasAt i32) (local $m4 i32) (local $cp i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $x v128)
    (call $packB (local.get $b) (local.get $k) (local.get $n) (local.get $bT) (local.get $bias)
      (local.get $scratch))
    (local.set $panels (i32.shr_u (i32.add (local.get $n) (i32.const 7)) (i32.const 3)))
    (local.set $biasAt (i32.add (local.get $scratch)
      (i32.shl (i32.mul (local.get $panels) (local.get $k)) (i32.const 5))))
    (local.set $rowA (i32.shl (local.get $k) (i32.const 2)))
    (local.set $rowC (i32.shl (local.get $n) (i32.const 2)))
    (local.set $m4 (i32.and (local.get $m) (i32.const -4)))
    (block $idone (loop $iloop
      (br_if $idone (i32.ge_u (local.get $i) (local.get $m4)))
      (local.set $p (i32.const 0))
      (block $pdone (loop $ploop
        (br_if $pdone (i32.ge_u (local.get $p) (local.get $panels)))
        (local.set $c00 (v128.const i32x4 0 0 0 0)) (local.set $c01 (v128.const i32x4 0 0 0 0))
        (local.set $c10 (v128.const i32x4 0 0 0 0)) (local.set $c11 (v128.const i32x4 0 0 0 0))
        (local.set $c20 (v128.const i32x4 0 0 0 0)) (local.set $c21 (v128.const i32x4 0 0 0 0))
        (local.set $c30 (v128.const i32x4 0 0 0 0)) (local.set $c31 (v128.const i32x4 0 0 0 0))
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rowA))))
        (local.set $bp (i32.add (local.get $scratch)
          (i32.mul (local.get $p) (i32.shl (local.get $k) (i32.const 5)))))
        (local.set $kk (i32.const 0))
        (block $kdone (loop $kloop
          (br_if $kdone (i32.ge_u (local.get $kk) (local.get $k)))
          (local.set $b0 (v128.load (local.get $bp)))
          (local.set $b1 (v128.load offset=16 (local.get $bp)))
          (local.set $x (v128.load32_splat (local.get $a0)))
          (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $x (v128.load32_splat (i32.add (local.get $a0) (local.get $rowA))))
          (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $x (v128.load32_splat
            (i32.add (local.get $a0) (i32.shl (local.get $rowA) (i32.const 1)))))
          (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $x (v128.load32_splat
            (i32.add (local.get $a0) (i32.mul (local.get $rowA) (i32.const 3)))))
          (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $a0 (i32.add (local.get $a0) (i32.const 4)))
          (local.set $bp (i32.add (local.get $bp) (i32.const 32)))
          (local.set $kk (i32.add (local.get $kk) (i32.const 1)))
          (br $kloop)))
        (local.set $cp (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $rowC))))
        (call $storeRow (local.get $cp) (local.get $p) (local.get $n)
          (i32.add (local.get $biasAt) (i32.shl (local.get $p) (i32.const 5))) (local.get $relu)
          (local.get $c00) (local.get $c01))
        (local.set $cp (i32.add (local.get $cp) (local.get $rowC)))
        (call $storeRow (local.get $cp) (local.get $p) (local.get $n)
          (i32.add (local.get $biasAt) (i32.shl (local.get $p) (i32.const 5))) (local.get $relu)
          (local.get $c10) (local.get $c11))
        (local.set $cp (i32.add (local.get $cp) (local.get $rowC)))
        (call $storeRow (local.get $cp) (local.get $p) (local.get $n)
          (i32.add (local.get $biasAt) (i32.shl (local.get $p) (i32.const 5))) (local.get $relu)
          (local.get $c20) (local.get $c21))
        (local.set $cp (i32.add (local.get $cp) (local.get $rowC)))
        (call $storeRow (local.get $cp) (local.get $p) (local.get $n)
          (i32.add (local.get $biasAt) (i32.shl (local.get $p) (i32.const 5))) (local.get $relu)
          (local.get $c30) (local.get $c31))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $ploop)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $iloop)))
    ;; The last M mod 4 rows, one at a time.
    (block $rdone (loop $rloop
      (br_if $rdone (i32.ge_u (local.get $i) (local.get $m)))
      (local.set $p (i32.const 0))
      (block $pdone2 (loop $ploop2
        (br_if $pdone2 (i32.ge_u (local.get $p) (local.get $panels)))
        (local.set $c00 (v128.const i32x4 0 0 0 0)) (local.set $c01 (v128.const i32x4 0 0 0 0))
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rowA))))
        (local.set $bp (i32.add (local.get $scratch)
          (i32.mul (local.get $p) (i32.shl (local.get $k) (i32.const 5)))))
        (local.set $kk (i32.const 0))
        (block $kdone2 (loop $kloop2
          (br_if $kdone2 (i32.ge_u (local.get $kk) (local.get $k)))
          (local.set $x (v128.load32_splat (local.get $a0)))
          (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (v128.load (local.get $bp)))))
          (local.set $c01 (f32x4.add (local.get $c01)
            (f32x4.mul (local.get $x) (v128.load offset=16 (local.get $bp)))))
          (local.set $a0 (i32.add (local.get $a0) (i32.const 4)))
          (local.set $bp (i32.add (local.get $bp) (i32.const 32)))
          (local.set $kk (i32.add (local.get $kk) (i32.const 1)))
          (br $kloop2)))
        (call $storeRow (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $rowC)))
          (local.get $p) (local.get $n)
          (i32.add (local.get $biasAt) (i32.shl (local.get $p) (i32.const 5))) (local.get $relu)
          (local.get $c00) (local.get $c01))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $ploop2)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $rloop)))))
