// Unit API shapes: HQ office, working groups, departments, districts, enterprises.
import { z } from 'zod';
import { idQuerySchema, idSchema, nameText, pageOf, visibleText } from './common.ts';

export const unitKindValues = ['hq_office', 'working_group', 'department', 'district', 'enterprise'] as const;
export const unitKindSchema = z.enum(unitKindValues);
export type UnitKind = z.infer<typeof unitKindSchema>;

export const unitSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  shortName: z.string().nullable(),
  kind: unitKindSchema,
  parentId: z.number().int().nullable(),
  parentName: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string(),
  contactPhone: z.string().nullable(),
  userCount: z.number().int(),
  updatedAt: z.string(),
});
export type Unit = z.infer<typeof unitSchema>;

export const unitListSchema = pageOf(unitSchema);

export const unitListQuerySchema = z.object({
  q: z.string().trim().max(50).optional(),
  kind: unitKindSchema.optional(),
  regionCode: z
    .string()
    .regex(/^\d{12}(\d{3})?$/)
    .optional(),
  parentId: idQuerySchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
});

export const unitCreateSchema = z.object({
  name: nameText('单位名称', 100),
  shortName: visibleText().max(20, '简称不能超过20个字').nullish(),
  kind: unitKindSchema,
  parentId: idSchema.nullish(),
  regionCode: z.string().regex(/^\d{12}(\d{3})?$/, '所属区域应为12位区划代码'),
  contactPhone: z
    .string()
    .trim()
    .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, '联系电话应为手机号或带区号的固定电话')
    .nullish()
    .or(z.literal('').transform(() => null)),
});
export type UnitCreate = z.infer<typeof unitCreateSchema>;

export const unitUpdateSchema = unitCreateSchema
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: '没有要修改的内容' });
export type UnitUpdate = z.infer<typeof unitUpdateSchema>;
