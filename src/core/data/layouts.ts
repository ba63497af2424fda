/**
 * Column names of well-known headerless files, offered when a file has no header and no
 * EasyRec config is loaded. Names come from the datasets' documentation (UCI `adult.names`;
 * `input_fields` of EasyRec's `dbmtl_on_taobao.config`).
 */

export interface KnownLayout {
  id: string;
  title: string;
  columns: readonly string[];
}

export const UCI_ADULT_COLUMNS = [
  'age',
  'workclass',
  'fnlwgt',
  'education',
  'education-num',
  'marital-status',
  'occupation',
  'relationship',
  'race',
  'sex',
  'capital-gain',
  'capital-loss',
  'hours-per-week',
  'native-country',
  'income',
] as const;

export const TAOBAO_COLUMNS = [
  'clk',
  'buy',
  'pid',
  'adgroup_id',
  'cate_id',
  'campaign_id',
  'customer',
  'brand',
  'user_id',
  'cms_segid',
  'cms_group_id',
  'final_gender_code',
  'age_level',
  'pvalue_level',
  'shopping_level',
  'occupation',
  'new_user_class_level',
  'tag_category_list',
  'tag_brand_list',
  'price',
] as const;

export const KNOWN_LAYOUTS: readonly KnownLayout[] = [
  { id: 'uci-adult', title: 'UCI Adult (adult.data, adult.test)', columns: UCI_ADULT_COLUMNS },
  { id: 'easyrec-taobao', title: 'EasyRec Taobao sample (20 columns)', columns: TAOBAO_COLUMNS },
];

/** The known layout with exactly this many columns, when only one has it. */
export function layoutForWidth(width: number): KnownLayout | undefined {
  const matches = KNOWN_LAYOUTS.filter((l) => l.columns.length === width);
  return matches.length === 1 ? matches[0] : undefined;
}
