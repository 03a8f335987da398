/**
 * Import columns: the English key, its Chinese label (used in the template and in error
 * messages) and the header spellings accepted.
 */
export const COLUMNS = {
  code: { label: '课程编码', aliases: ['编码', '课程代码', '编号'] },
  title: { label: '课程名称', aliases: ['名称', '班级名称', '培训项目'] },
  occupation: { label: '工种', aliases: ['职业', '职业工种', '培训工种'] },
  category: { label: '培训类别', aliases: ['类别', '类型'] },
  level: { label: '等级', aliases: ['培训等级', '级别'] },
  subsidized: { label: '是否补贴', aliases: ['补贴'] },
  subsidy_note: { label: '补贴说明', aliases: ['补贴标准'] },
  eligible_groups: { label: '面向人群', aliases: ['培训对象', '适用人群'] },
  start_date: { label: '开班日期', aliases: ['开始日期', '开课日期'] },
  end_date: { label: '结束日期', aliases: ['结业日期'] },
  schedule: { label: '上课安排', aliases: ['时间安排', '课时安排'] },
  duration_days: { label: '培训天数', aliases: ['天数'] },
  capacity: { label: '名额', aliases: ['人数', '计划人数', '招生人数'] },
  online: { label: '线上', aliases: ['是否线上', '线上培训'] },
  mobile: { label: '送教下乡', aliases: ['培训大篷车', '流动培训'] },
  county: { label: '县区', aliases: ['县', '区县', '县市区', '所在县区'] },
  township: { label: '乡镇', aliases: ['乡镇街道'] },
  address: { label: '培训地址', aliases: ['地址', '地点'] },
  lat: { label: '纬度', aliases: [] },
  lng: { label: '经度', aliases: [] },
  status: { label: '状态', aliases: ['报名状态'] },
  contact: { label: '联系方式', aliases: ['联系电话', '咨询电话', '联系人'] },
  institution: { label: '培训机构', aliases: ['机构', '机构名称', '承训机构'] },
  institution_type: { label: '机构类型', aliases: [] },
} as const;

export type ColumnKey = keyof typeof COLUMNS;

const lookup = new Map<string, ColumnKey>();
for (const [key, c] of Object.entries(COLUMNS) as [ColumnKey, (typeof COLUMNS)[ColumnKey]][]) {
  for (const name of [key, c.label, ...c.aliases]) lookup.set(name.toLowerCase(), key);
}

/** The column key of a header cell (tolerates spaces, BOM, "*" required markers), or null. */
export function headerKey(header: string): ColumnKey | null {
  const h = header.replace(/^\uFEFF/, '').replace(/[\s*＊]/g, '').replace(/[（(].*[)）]$/, '').toLowerCase();
  return lookup.get(h) ?? null;
}

export function columnLabel(key: string): string {
  return (COLUMNS as Record<string, { label: string }>)[key]?.label ?? key;
}
