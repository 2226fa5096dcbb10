// Personal data rules shared by server and web: validating and masking resident ID numbers and mobile phones.
import { z } from 'zod';

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idCheckChars = '10X98765432';

/** The GB 11643-1999 check character for the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (idWeights[i] ?? 0);
  return idCheckChars[sum % 11] ?? '';
}

/** Returns null when valid, otherwise a message a clerk can act on. */
export function explainIdNumberProblem(raw: string): string | null {
  const value = raw.trim().toUpperCase();
  if (/^\d{15}$/.test(value)) {
    return '这是旧的15位身份证号，请换算为18位：在第6位后插入“19”补全出生年份，再按GB 11643-1999计算末位校验码';
  }
  if (!/^\d{17}[\dX]$/.test(value)) return '身份证号应为18位：17位数字加1位校验码（数字或X）';
  const birth = value.slice(6, 14);
  const year = Number(birth.slice(0, 4));
  const month = Number(birth.slice(4, 6));
  const day = Number(birth.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    year < 1900 ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    date.getTime() > Date.now()
  ) {
    return `身份证号中的出生日期 ${birth} 不是有效日期`;
  }
  if (idNumberCheckChar(value.slice(0, 17)) !== value[17]) return '身份证号校验码不正确，请核对是否录入有误';
  return null;
}

export const idNumberSchema = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .superRefine((v, ctx) => {
    const problem = explainIdNumberProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const mobilePhoneSchema = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, '手机号应为以1开头的11位数字');

/** 420502199001011234 → 420502********1234 */
export function maskIdNumber(value: string | null | undefined): string | null {
  if (!value) return null;
  if (value.length <= 10) return '*'.repeat(value.length);
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
}

/** 13812345678 → 138****5678 */
export function maskPhone(value: string | null | undefined): string | null {
  if (!value) return null;
  if (value.length < 7) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}

/**
 * A unit's contact phone: a mobile as maskPhone does, a landline keeping its area code (0717-***1234), so an
 * official still sees which city the number is in. The migration 0002 masks old audit entries the same way.
 */
export function maskContactPhone(value: string | null | undefined): string | null {
  if (!value) return null;
  const landline = /^(0\d{2,3})-(\d{7,8})$/.exec(value);
  if (landline) return `${landline[1]}-${'*'.repeat(landline[2]!.length - 4)}${value.slice(-4)}`;
  return maskPhone(value);
}

/** 张三 → 张*, 欧阳娜娜 → 欧阳** (two-character compound surnames keep both characters). */
export function maskName(value: string): string {
  const chars = [...value];
  if (chars.length <= 1) return value;
  const compound = chars.length >= 3 && compoundSurnames.includes(chars.slice(0, 2).join(''));
  const keep = compound ? 2 : 1;
  return chars.slice(0, keep).join('') + '*'.repeat(chars.length - keep);
}

/** Two-character surnames: masking keeps both characters, name finding must not split them. */
export const compoundSurnames: readonly string[] = [
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '令狐',
  '端木',
  '独孤',
  '南宫',
  '西门',
];
