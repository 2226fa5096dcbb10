// Region API shapes: the division tree from city to grid.
import { z } from 'zod';
import { nameText, PG_INTEGER_MAX, pageOf, regionLevelSchema } from './common.ts';

export const regionCodeParamSchema = z.object({
  code: z
    .string()
    .regex(
      /^\d{4}(\d{2}(\d{3}(\d{3}(\d{3})?)?)?)?$|^\d{12}(\d{3})?$/,
      '区划代码应为4、6、9、12位数字，网格为15位',
    ),
});

export const regionRefSchema = z.object({ code: z.string(), name: z.string(), level: regionLevelSchema });
export type RegionRef = z.infer<typeof regionRefSchema>;

export const regionSchema = z.object({
  code: z.string(),
  name: z.string(),
  officialName: z.string(),
  level: regionLevelSchema,
  parentCode: z.string().nullable(),
  population: z.number().int(),
  populationAged60Plus: z.number().int(),
  childCount: z.number().int(),
  /** From the caller's scope root down to this region (inclusive), for breadcrumbs. */
  path: z.array(regionRefSchema),
});
export type Region = z.infer<typeof regionSchema>;

/** A search hit carries the names of the divisions it lies in (西陵区 西陵街道 土街头社区), city excluded. */
export const regionListSchema = pageOf(
  regionSchema.omit({ path: true }).extend({ within: z.string().nullable() }),
);

export const regionSearchQuerySchema = z.object({
  q: z.string().trim().max(50).optional(),
  level: regionLevelSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

const populationField = (label: string) =>
  z.coerce
    .number({ error: `${label}应为数字` })
    .int(`${label}应为整数`)
    .min(0, `${label}不能为负数`)
    .max(PG_INTEGER_MAX, `${label}不能大于 ${PG_INTEGER_MAX}`);

export const gridCreateSchema = z
  .object({
    parentCode: z.string().regex(/^\d{12}$/, '所属社区/村应为12位区划代码'),
    name: nameText('网格名称', 50),
    code: z
      .string()
      .regex(/^\d{15}$/, '网格代码应为15位：社区代码加3位序号')
      .optional(),
    population: populationField('常住人口').default(0),
    populationAged60Plus: populationField('60岁以上人口').default(0),
  })
  .refine((g) => g.populationAged60Plus <= g.population, {
    path: ['populationAged60Plus'],
    message: '60岁以上人口不能多于常住人口',
  })
  .refine((g) => !g.code || g.code.startsWith(g.parentCode), {
    path: ['code'],
    message: '网格代码必须以所属社区代码开头',
  });
export type GridCreate = z.infer<typeof gridCreateSchema>;

export const regionUpdateSchema = z
  .object({
    name: nameText('名称', 50).optional(),
    population: populationField('常住人口').optional(),
    populationAged60Plus: populationField('60岁以上人口').optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: '没有要修改的内容' });
export type RegionUpdate = z.infer<typeof regionUpdateSchema>;

export const gridImportResultSchema = z.object({
  created: z.number().int(),
  grids: z.array(z.object({ code: z.string(), name: z.string(), parentCode: z.string() })),
});
