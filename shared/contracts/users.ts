// Account API shapes: who may log in, for which unit, with which role and scope. Personal data arrives masked.
import { z } from 'zod';
import { idQuerySchema, idSchema, pageOf, regionLevelSchema, requiredText, roleSchema } from './common.ts';
import { idNumberSchema, mobilePhoneSchema } from './personal.ts';

export const usernameSchema = z
  .string({ error: '用户名不能为空' })
  .trim()
  .regex(/^[a-z][a-z0-9_.-]{2,31}$/, '用户名为3–32位小写字母、数字、下划线、点或减号，以字母开头');

/**
 * Passwords that meet the length and character-kind rule yet are among the first any guesser tries (lists of leaked
 * passwords, and the ones Chinese office systems see most). Compared ignoring case, so PASSWORD1 is refused too.
 */
const commonPasswords = new Set(
  `password1 password1! password12 password123 password@1 password@123 password#1 password! passw0rd passw0rd!
  p@ssw0rd p@ssw0rd1 p@ssw0rd! p@ssw0rd123 p@ssword1 p@ssword123 admin@123 admin#123 admin123 admin123!
  admin@1234 admin@12345 admin@123456 admin12345 administrator1 12345678 123456789 1234567890 qwer1234 qwer@1234
  qwer!234 qwer1234! qwerty123 qwerty1! qwerty@123 qwe123!@# 1qaz@wsx 1qaz2wsx 1qaz!qaz 1q2w3e4r 1q2w3e4r! zaq1@wsx
  zxcv1234 asdf1234 asdf@1234 abc@1234 abc@123456 abc123456 abc12345 abcd1234 abcd@1234 abcd!234 aa123456 aa@123456
  a1234567 a12345678 a123456789 a1b2c3d4 welcome1 welcome123 welcome@123 changeme1 letmein1 iloveyou1 woaini1314
  woaini520 huawei@123 huawei123 root@123 test@123 test1234 user@123 guest@123 system@123 sa@123456 china@123`
    .split(/\s+/)
    .filter(Boolean),
);

/** Shared by the server's rule and the form's hint, so both refuse the same passwords. */
export function isCommonPassword(password: string): boolean {
  return commonPasswords.has(password.toLowerCase());
}

export const passwordSchema = z
  .string({ error: '密码不能为空' })
  .min(8, '密码至少8位')
  .max(128, '密码不能超过128位')
  .refine(
    (p) => [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(p)).length >= 3,
    '密码需包含大写字母、小写字母、数字、符号中的至少三类',
  )
  .refine((p) => !isCommonPassword(p), '这个密码太常见，容易被猜中，请换一个');

export const userSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  unit: z.object({ id: z.number().int(), name: z.string() }),
  scopeRegion: z.object({ code: z.string(), name: z.string(), level: regionLevelSchema }),
  /** Masked (138****5678) unless fetched through the audited personal-data endpoint. */
  phone: z.string().nullable(),
  idNumber: z.string().nullable(),
  active: z.boolean(),
  locked: z.boolean(),
  createdAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const userListSchema = pageOf(userSchema);

export const userListQuerySchema = z.object({
  q: z.string().trim().max(50).optional(),
  role: roleSchema.optional(),
  unitId: idQuerySchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
});

const optionalPersonal = <T extends z.ZodType>(schema: T) =>
  z.union([z.literal('').transform(() => null), z.null(), schema]).optional();

export const userCreateSchema = z.object({
  username: usernameSchema,
  displayName: requiredText('姓名', 50),
  password: passwordSchema,
  role: roleSchema,
  unitId: z.number({ error: '请选择所属单位' }).pipe(idSchema),
  scopeRegionCode: z.string().regex(/^\d{12}(\d{3})?$/, '管辖区域应为12位区划代码或15位网格代码'),
  phone: optionalPersonal(mobilePhoneSchema),
  idNumber: optionalPersonal(idNumberSchema),
});
export type UserCreate = z.infer<typeof userCreateSchema>;

export const userUpdateSchema = userCreateSchema
  .omit({ username: true, password: true })
  .partial()
  .extend({ active: z.boolean().optional(), password: passwordSchema.optional() })
  .refine((v) => Object.keys(v).length > 0, { message: '没有要修改的内容' });
export type UserUpdate = z.infer<typeof userUpdateSchema>;

export const personalDataSchema = z.object({
  id: z.number().int(),
  displayName: z.string(),
  phone: z.string().nullable(),
  idNumber: z.string().nullable(),
});

export const loginSchema = z.object({
  username: z.string({ error: '请输入用户名' }).trim().min(1, '请输入用户名').max(64),
  password: z.string({ error: '请输入密码' }).min(1, '请输入密码').max(256),
});

export const passwordChangeSchema = z.object({
  currentPassword: z.string({ error: '请输入当前密码' }).min(1, '请输入当前密码'),
  newPassword: passwordSchema,
});

export const meSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  unit: z.object({ id: z.number().int(), name: z.string() }),
  scopeRegion: z.object({ code: z.string(), name: z.string(), level: regionLevelSchema }),
  permissions: z.array(z.string()),
});
export type Me = z.infer<typeof meSchema>;
