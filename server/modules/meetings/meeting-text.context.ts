// Reads what the parser leaves aside but the HQ office records with a meeting: its venues and the
// higher-level meetings whose spirit it conveyed (传达学习…精神).
import type { Venues } from '../../../shared/contracts/meetings.ts';

const CONVEYING_CLAUSE =
  /(?:深入|认真|及时)?(?:传达|学习|贯彻)(?:传达|学习|贯彻|落实)*([^，。；！？\n]{4,400}?)精神(?=[，。；！？\n]|$)/gu;
const ITEM_SEPARATOR = /精神[、和及]|(?<=会议|讲话|指示|批示)[、和及]/u;

/** 深入贯彻中央政治局常务委员会会议、全国…电视电话会议和省委常委会会议精神 → the three meetings. */
export function findConveyed(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(CONVEYING_CLAUSE)) {
    for (const raw of (match[1] ?? '').split(ITEM_SEPARATOR)) {
      const item = raw.trim();
      // 落实会议精神 refers back to this meeting, not to a higher one.
      if (item.length < 4 || /^(本次|这次)?会议$/u.test(item)) continue;
      if (!found.includes(item)) found.push(item);
    }
  }
  return found;
}

/** 在京山分会场收听收看 → branch 京山分会场; 各县市区设分会场 → branch 各县市区分会场. */
export function findVenues(text: string): Venues {
  const branches: string[] = [];
  for (const match of text.matchAll(
    /(?:在|于)([^，。；、在于\n]{1,12}?)分会场|([^，。；\n]{1,30}?)设分会场/gu,
  )) {
    const name = `${(match[1] ?? match[2] ?? '').trim()}分会场`;
    if (!branches.includes(name)) branches.push(name);
  }
  const main =
    /(?:在|于)([^，。；、在于\n]{1,12}?)主会场/u.exec(text) ?? /([^，。；\n]{1,20}?)设主会场/u.exec(text);
  return { main: main?.[1] ? `${main[1].trim()}主会场` : null, branches };
}
