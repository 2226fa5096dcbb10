// Reads a clean (simplified, normalised) meeting report for what the HQ office records: when, what meeting,
// who chaired, spoke and attended, and each requirement it deployed with category, units, numbers, deadline.

import type { DirectiveCategory, MeetingKind } from '../../../shared/contracts/meetings.ts';
import { compoundSurnames } from '../../../shared/contracts/personal.ts';
import { loadJieba } from './meeting-text.normalise.ts';

export type { DirectiveCategory, MeetingKind };

export interface Person {
  /** Bare name, e.g. 王立. */
  name: string;
  /** Posts as written before the name, e.g. 市委书记、市疫情防控指挥部第一指挥长; null when none. */
  post: string | null;
}

export interface DirectiveNumber {
  value: number;
  unit: string;
  text: string;
}

export interface Directive {
  text: string;
  start: number;
  end: number;
  category: DirectiveCategory;
  units: string[];
  regions: string[];
  numbers: DirectiveNumber[];
  deadline: string | null;
}

export interface MeetingFacts {
  date: string | null;
  title: string | null;
  kind: MeetingKind | null;
  chair: Person[];
  speakers: Person[];
  attendees: Person[];
  publishedAt: string | null;
}

// ---------------------------------------------------------------- date

function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function pad(value: string | number): string {
  return String(value).padStart(2, '0');
}

/** The note on a meeting date found without a year (`--MM-DD`): the user is asked to confirm it. */
export function missingYearWarning(date: string): string {
  const monthDay = date.slice(-5);
  return `会议日期缺年份，请确认 / the meeting date ${monthDay} has no year: confirm it`;
}

/**
 * The meeting date from the lead. A report is published on or after the meeting, so a date without a year
 * takes the publication year, or the year before when month-day would fall after publication.
 */
export function findMeetingDate(
  text: string,
  publishedAt: string | null,
  warnings: string[],
): { date: string | null } {
  const lead = text.slice(0, 400);
  const full = /(\d{4})年(\d{1,2})月(\d{1,2})日(?!前)/u.exec(lead);
  const monthDay = /(?<![\d年])(\d{1,2})月(\d{1,2})日(?!前)/u.exec(lead);
  const relative = /(昨日|昨天|今日|今天|近日|日前)/u.exec(lead);
  // 16日下午，… : a day of the month alone, as local papers write the day of a meeting in the current month.
  const dayOnly = /(?<![\d月年])(\d{1,2})日(?=上午|下午|晚|，|召开)/u.exec(lead);
  const first = [full, monthDay, relative, dayOnly]
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => a.index - b.index)[0];
  if (!first) {
    warnings.push('未找到会议日期 / no meeting date found');
    return { date: null };
  }
  if (first === full) return { date: `${first[1]}-${pad(first[2] ?? '')}-${pad(first[3] ?? '')}` };
  if (first === relative) {
    if (!publishedAt) {
      warnings.push(`“${first[0]}”无发布日期可推算 / "${first[0]}" without a publication date`);
      return { date: null };
    }
    if (first[0] === '昨日' || first[0] === '昨天') return { date: addDays(publishedAt, -1) };
    if (first[0] === '今日' || first[0] === '今天') return { date: publishedAt };
    warnings.push(`“${first[0]}”无确切日期 / "${first[0]}" gives no exact day`);
    return { date: null };
  }
  if (first === dayOnly) {
    if (!publishedAt) {
      warnings.push(`“${first[0]}”缺月份和年份 / "${first[0]}" has no month or year`);
      return { date: null };
    }
    // The meeting was on or before publication: this month, or last month when the day is still to come.
    const day = Number(first[1]);
    const published = new Date(`${publishedAt}T00:00:00Z`);
    const held = new Date(Date.UTC(published.getUTCFullYear(), published.getUTCMonth(), day));
    if (day > published.getUTCDate()) held.setUTCMonth(held.getUTCMonth() - 1, day);
    if (held.getUTCDate() !== day) {
      warnings.push(`“${first[0]}”无法确定月份 / "${first[0]}": the month cannot be told`);
      return { date: null };
    }
    return { date: held.toISOString().slice(0, 10) };
  }
  const month = pad(first[1] ?? '');
  const day = pad(first[2] ?? '');
  if (!publishedAt) {
    warnings.push(missingYearWarning(`--${month}-${day}`));
    return { date: `--${month}-${day}` };
  }
  const year = Number(publishedAt.slice(0, 4));
  const candidate = `${year}-${month}-${day}`;
  return { date: candidate > publishedAt ? `${year - 1}-${month}-${day}` : candidate };
}

// ---------------------------------------------------------------- title and kind

const MEETING_NAME = /(会议|例会|调度会|推进会|专题会|座谈会|常委会|全会)$/u;

function stripLeadTime(text: string): string {
  return text
    .replace(/^.*[，,]/u, '')
    .replace(
      /^(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:上午|下午|晚上?|晚间)?|^(?:昨日|昨天|近日|今日|日前)(?:上午|下午|晚)?/u,
      '',
    )
    .trim();
}

function titleFromClause(clause: string): string | null {
  // 市委常委会召开会议: the organ held a meeting, so the meeting is the organ's 会议.
  const organMeeting = /^(.{2,40}?)召开(?:了)?会议(?=[，。\s]|$)/u.exec(clause);
  if (organMeeting) {
    const organiser = stripLeadTime(organMeeting[1] ?? '');
    if (organiser.length >= 2 && !/主持|出席/u.test(organiser)) return `${organiser}会议`;
  }
  const held = /^(.{2,40}?(?:会议|会))召开/u.exec(clause);
  if (held) {
    const name = stripLeadTime(held[1] ?? '');
    if (name.length >= 4 && !/主持|出席/u.test(name)) return name;
  }
  const convened =
    /^(.*?)(?:主持)?召开(?:了)?(.{1,40}?(?:会议|例会|调度会|推进会|专题会|座谈会|会))(?=[，。\s]|$)/u.exec(
      clause,
    );
  if (!convened) return null;
  // 市委常委召开扩大会议: the standing committee (常委会) met.
  const organiser = stripLeadTime(convened[1] ?? '').replace(/(?<=[市州县区]委)常委$/u, '常委会');
  const meeting = convened[2] ?? '';
  // A named place holds a meeting too (衢江区召开…调度会), but not 我区/本市/全县.
  const organiserIsOrg =
    /(?:指挥部|领导小组|小组|政府|委员会|常委会|市委|州委|县委|区委|办公室)$/u.test(organiser) ||
    /^(?![我本全各该])\p{Script=Han}{2,8}(?:市|区|县|州|旗)$/u.test(organiser);
  if (/^(?:市|州|县|区|全市|全州|全县|全区|省)/u.test(meeting) || !organiserIsOrg) {
    return MEETING_NAME.test(meeting) || meeting.endsWith('会') ? meeting : null;
  }
  if (meeting === '会议' || meeting === '会') return `${organiser}会议`;
  return organiser + meeting;
}

export function findMeetingTitle(text: string): string | null {
  const lines = text.split('\n');
  const headline = lines[0] ?? '';
  if (headline.length <= 50 && !/[。]/u.test(headline)) {
    const fromHeadline = titleFromClause(headline.split(/\s+/u)[0] ?? headline);
    if (fromHeadline) return fromHeadline;
  }
  for (const sentence of text.slice(0, 600).split(/[。\n]/u)) {
    for (const clause of sentence.split(/[，；]/u)) {
      const title = titleFromClause(clause);
      if (title) return title;
    }
    const whole = titleFromClause(sentence.replace(/^[^，]*[，]/u, ''));
    if (whole) return whole;
  }
  return null;
}

export function classifyMeeting(title: string | null, text: string): MeetingKind | null {
  const source = title ?? text.slice(0, 200);
  if (!source) return null;
  if (/常委会|常务会议|常务委员会会议/u.test(source)) return 'standing_committee';
  if (/全体会议|全会/u.test(source)) return 'plenary';
  if (/电视电话|电话会|电话调度/u.test(source)) return 'telephone_conference';
  if (/视频/u.test(source)) return 'video_conference';
  if (/调度会|调度(?:工作)?会议/u.test(source)) return 'scheduling_meeting';
  if (/专题会/u.test(source)) return 'special_meeting';
  if (/指挥部|领导小组|例会/u.test(source)) return 'hq_meeting';
  return title ? 'other' : null;
}

// ---------------------------------------------------------------- people

const SURNAMES = new Set(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由回旷蹇郦滑訾邴'.split(
    '',
  ),
);

// Posts that sit right before a name in these reports; longest first so 副市长 wins over 市长.
const POSTS =
  '市长助理|县长助理|区长助理|州长助理|第一副指挥长|第一指挥长|常务副市长|常务副州长|副秘书长|副指挥长|副书记|副市长|副州长|副县长|副区长|副组长|副主任|副部长|副局长|秘书长|指挥长|书记|市长|州长|县长|区长|组长|主任|部长|局长|常委|主席|检察长|院长|政委|处长|市领导|州领导|县领导|区领导|领导';
const POST_BEFORE_NAME = new RegExp(`(?:${POSTS})$`, 'u');
// What can follow a name: punctuation, or the verb of its role in the sentence.
const AFTER_NAME =
  /^(?:[，、。；：\s（(“]|$|及|和|与|在|主持|接着|随后|亲自|专门|组织召开|召集|出席|参加|列席|收听|强调|指出|要求|讲话|讲了|就|通报|提出|作|分别|对|代表|等|同志|表示|说|传达|认为|宣布|带队|调研|一行|并)/u;
const ROLE_VERB =
  /组织召开|召集|主持|出席|参加|列席|收听收看|在主会场|在分会场|讲了意见|并讲话|讲话(?!精神)|作出工作部署|作出部署|提出具体要求|提出要求|作了?讲话|通报|汇报|分析/gu;

interface NameMatch {
  name: string;
  start: number;
  end: number;
}

function looksLikeName(candidate: string): boolean {
  if (/[市县区州省委长记部会议组的了和与及在是就对等为]/u.test(candidate.slice(1))) return false;
  if (compoundSurnames.some((s) => candidate.startsWith(s))) return true;
  return SURNAMES.has(candidate[0] ?? '');
}

/** Reads a 2–3 character name at `index`, deciding the length by what follows (and by jieba when unsure). */
function readName(text: string, index: number): NameMatch | null {
  const options: string[] = [];
  for (const length of [3, 2, 4]) {
    const candidate = text.slice(index, index + length);
    if (candidate.length !== length || !/^\p{Script=Han}+$/u.test(candidate) || !looksLikeName(candidate))
      continue;
    if (length === 4 && !compoundSurnames.some((s) => candidate.startsWith(s))) continue;
    if (AFTER_NAME.test(text.slice(index + length, index + length + 4))) options.push(candidate);
  }
  if (options.length === 0) return null;
  let name = options[0] ?? '';
  if (options.length > 1) {
    // 3 and 2 characters both end at a plausible boundary (姚志瑞在 / 姚志 + 瑞在?): let jieba's segmenter say.
    const tagged = loadJieba().tag(text.slice(index, index + 6), true);
    const firstWord = tagged[0]?.word ?? '';
    name = options.find((o) => o === firstWord) ?? options.find((o) => o.length === 3) ?? name;
  }
  return { name, start: index, end: index + name.length };
}

/**
 * A name inside a list after a post, where the list itself says it is a name: one with a character that
 * usually marks a title (陈长明) or four characters (阿刘时布) is accepted when the list goes on after it.
 */
function readListedName(text: string, index: number): NameMatch | null {
  const name = readName(text, index);
  if (name) return name;
  for (const length of [3, 4]) {
    const candidate = text.slice(index, index + length);
    const next = text.slice(index + length, index + length + 2);
    if (
      /^\p{Script=Han}+$/u.test(candidate) &&
      candidate.length === length &&
      (length === 4 ? next.startsWith('、') : /^[、，]|出席|列席|参加/u.test(next)) &&
      (length === 4 || SURNAMES.has(candidate[0] ?? '')) &&
      !/[市县区州省委部会议组的了和与及在是就对等为副]/u.test(candidate)
    )
      return { name: candidate, start: index, end: index + length };
  }
  return null;
}

interface Mention extends NameMatch {
  post: string | null;
}

/** Every person named with a post (市委书记张勇) or in a list after one (副市长丁呈呈、姚志瑞). */
function findPeopleMentions(sentence: string, offset: number, known: KnownPeople): Mention[] {
  const mentions: Mention[] = [];
  // What the post in front of a name needs to know about its clause (where it starts, the last 由/和/与 in it,
  // whether 主持/召开/会议 occurs), gathered by one forward walk as `i` grows: looking back from every name
  // would walk a long sentence again for each name in it.
  let scanned = 0;
  let lastBreak = -1;
  let lastJoin = -1;
  let lineBreakInClause = false;
  let lastMeetingWord = -1;
  const walkTo = (index: number) => {
    for (; scanned < index; scanned++) {
      const ch = sentence[scanned];
      if (ch === '，' || ch === '。' || ch === '；') {
        lastBreak = scanned;
        lastJoin = -1;
        lineBreakInClause = false;
      } else if (ch === '\n' || ch === '\r' || ch === '\u2028' || ch === '\u2029') lineBreakInClause = true;
      else if ((ch === '由' || ch === '和' || ch === '与') && !lineBreakInClause) lastJoin = scanned;
      const pair = sentence.slice(scanned - 1, scanned + 1);
      if (scanned > 0 && (pair === '主持' || pair === '召开' || pair === '会议'))
        lastMeetingWord = scanned - 1;
    }
  };
  /**
   * The post is the clause before the name, without a leading date (5月12日…) or what comes up to its last
   * 由/和/与; a clause about the meeting (…主持召开会议) gives only the post word itself.
   */
  const postBefore = (index: number, postWord: string): string | null => {
    walkTo(index);
    const clauseStart = lastBreak + 1;
    if (/^\d{1,2}月\d{1,2}日/u.test(sentence.slice(clauseStart, index))) return null;
    const from = lastJoin >= 0 ? lastJoin + 1 : clauseStart;
    if (from >= index) return null;
    return lastMeetingWord >= from ? postWord : sentence.slice(from, index);
  };
  let i = 0;
  while (i < sentence.length) {
    const before = sentence.slice(0, i);
    const post = POST_BEFORE_NAME.exec(before);
    const knownName = known.nameAt(sentence, i);
    if (!post && knownName === undefined) {
      i++;
      continue;
    }
    const first =
      knownName !== undefined ? ({ name: knownName, start: i, end: 0 } as NameMatch) : readName(sentence, i);
    if (!first) {
      i++;
      continue;
    }
    first.end = first.start + first.name.length;
    let postText: string | null = null;
    if (post) {
      // The post runs back over 、-joined titles to the clause start: 市委常委、市委办公室主任.
      postText = postBefore(i, post[0]);
    } else postText = known.posts.get(first.name) ?? null;
    mentions.push({ ...first, start: offset + first.start, end: offset + first.end, post: postText });
    let j = first.end;
    // A 、-separated list of bare names shares the post: 副市长丁呈呈、姚志瑞 (some pages separate with ，).
    while (sentence[j] === '、' || sentence[j] === '，') {
      const next = readListedName(sentence, j + 1);
      if (!next || (sentence[j] === '，' && !/^[，、]|^(?:出席|列席|参加)/u.test(sentence.slice(next.end))))
        break;
      mentions.push({ ...next, start: offset + next.start, end: offset + next.end, post: postText });
      j = next.end;
    }
    i = j;
  }
  return mentions;
}

/**
 * People named so far with their posts, and the same names by first character: asking at every character
 * whether a known name starts there must not cost a walk over every name (a long report names hundreds).
 */
class KnownPeople {
  readonly posts = new Map<string, string | null>();
  private readonly byFirstCharacter = new Map<string, string[]>();

  set(name: string, post: string | null) {
    if (!this.posts.has(name)) {
      const first = name[0] ?? '';
      const list = this.byFirstCharacter.get(first) ?? [];
      list.push(name);
      this.byFirstCharacter.set(first, list);
    }
    this.posts.set(name, post);
  }

  /** The first-named known name that starts at `index`, as a scan of the names in order would find. */
  nameAt(text: string, index: number): string | undefined {
    return this.byFirstCharacter.get(text[index] ?? '')?.find((name) => text.startsWith(name, index));
  }
}

export function findMeetingPeople(text: string): Pick<MeetingFacts, 'chair' | 'speakers' | 'attendees'> {
  const chair: Person[] = [];
  const speakers: Person[] = [];
  const attendees: Person[] = [];
  const people = new KnownPeople();
  const known = people.posts;
  const add = (list: Person[], person: Person) => {
    const existing = list.find((p) => p.name === person.name);
    if (!existing) list.push({ ...person });
    else if (!existing.post && person.post) existing.post = person.post;
  };
  const sentences = splitSentences(text);
  for (const sentence of sentences) {
    const body = text.slice(sentence.start, sentence.end);
    const mentions = findPeopleMentions(body, sentence.start, people);
    for (const m of mentions)
      if (!known.has(m.name) || (m.post && !known.get(m.name))) people.set(m.name, m.post);
    // A sentence opened by a name and a speech verb: 张勇强调，… / 李猛指出，…
    // …or by a name, where they spoke from, and the verb: 李四在主持时要求，… / 王五在讲话中指出，…
    const opener =
      /^(?:(?:关于|就|在)[^，。]{1,16}，)?(\p{Script=Han}{2,4}?)(?:同志)?(?:在[^，。]{1,8}?(?:中|时))?(?:强调|指出|要求|表示|提出|就)/u.exec(
        body,
      );
    if (opener) {
      const name = opener[1] ?? '';
      if (known.has(name) || (looksLikeName(name) && name.length <= 3 && !/会议|同志/u.test(name))) {
        if (
          /^(?:\p{Script=Han}{2,4}?)就.*(?:部署|要求|讲话|意见)/u.test(body) ||
          !body.startsWith(`${name}就`)
        )
          add(speakers, { name, post: known.get(name) ?? null });
      }
    }
    if (mentions.length === 0) {
      const caption = /^(\p{Script=Han}{2,3})主持$/u.exec(body.trim());
      if (caption && looksLikeName(caption[1] ?? '')) add(chair, { name: caption[1] ?? '', post: null });
      continue;
    }
    // Each role verb claims the names mentioned since the previous verb; "并讲话" extends the last claim.
    // Mentions come in text order and so do the verbs: the names a verb claims start where the last claim's
    // search stopped, so a long sentence is walked once, not once per verb.
    let cursor = sentence.start;
    let lastClaim: Mention[] = [];
    let first = 0;
    for (const verb of body.matchAll(ROLE_VERB)) {
      const at = sentence.start + (verb.index ?? 0);
      while (first < mentions.length && mentions[first]!.start < cursor) first++;
      let last = first;
      while (last < mentions.length && mentions[last]!.end <= at) last++;
      let claim = mentions.slice(first, last);
      if (claim.length === 0 && /^(?:并讲话|讲话)$/u.test(verb[0])) claim = lastClaim;
      const between = text.slice(cursor, at);
      cursor = at + verb[0].length;
      if (claim.length === 0 || /讲话精神|会议精神上/u.test(between.slice(-6))) continue;
      const persons = claim.map((m) => ({ name: m.name, post: m.post }));
      const role = verb[0];
      if (role === '主持' || role === '组织召开' || role === '召集') {
        const last = persons[persons.length - 1];
        if (last) add(chair, last);
      } else if (/出席|参加|列席|收听收看|主会场|分会场/u.test(role)) {
        for (const person of persons) add(attendees, person);
      } else if (/讲|部署|要求/u.test(role)) {
        for (const person of persons) add(speakers, person);
      }
      lastClaim = claim;
    }
  }
  for (const sentence of sentences)
    for (const name of bareAttendeeList(text.slice(sentence.start, sentence.end)))
      add(attendees, { name, post: known.get(name) ?? null });
  // Speakers who were introduced by a post elsewhere get that post.
  for (const list of [chair, speakers, attendees])
    for (const person of list) person.post ??= known.get(person.name) ?? null;
  return { chair, speakers, attendees };
}

// A clause that is only a list of names before 出席/参加/列席, with no post in front: 肖炜、韩凤城等县处级领导出席会议.
const BARE_ATTENDEE_LIST =
  /(?<=^|[，；：\s])((?:\p{Script=Han}{2,4}、)+\p{Script=Han}{2,4}|\p{Script=Han}{2,4}(?=等))(?:等([^，。；、]{0,8}?))?(?:出席|参加|列席)/gu;

function bareAttendeeList(sentence: string): string[] {
  const names: string[] = [];
  for (const match of sentence.matchAll(BARE_ATTENDEE_LIST)) {
    const items = (match[1] ?? '').split('、');
    const tail = match[2];
    // 卫健、住建等部门负责人参加: what stands after 等 says whether the list is of people.
    if (tail !== undefined && !/^\p{Script=Han}{0,6}?(?:领导|同志|干部|负责同志)?$/u.test(tail)) continue;
    if (tail !== undefined && /部门|单位|村|社区|企业/u.test(tail)) continue;
    const plausible = items.every(
      (item) =>
        (item.length <= 3 || compoundSurnames.some((s) => item.startsWith(s))) &&
        looksLikeName(item) &&
        !/[村湾镇乡街路庄店坝港园厂院校所站局办队]/u.test(item.slice(1)),
    );
    if (plausible) names.push(...items);
  }
  return names;
}

// ---------------------------------------------------------------- sentences and directives

interface Span {
  start: number;
  end: number;
}

export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const ch = text[i];
    if (i === text.length || ch === '。' || ch === '！' || ch === '？' || ch === '；' || ch === '\n') {
      let s = start;
      while (s < i && /\s/u.test(text[s] ?? '')) s++;
      if (i > s) spans.push({ start: s, end: i });
      start = i + 1;
    }
  }
  return spans;
}

// 要求 opening a clause (…，要求市商务局密切监测…) gives an order; 会议要求，… is a speech intro instead.
// Exhortations in the negative (丝毫不能放松, 一刻也不能松) are requirements too; 来不得半点马虎 is not 不得.
const MODAL =
  /(?<![重主需纪摘提简必只想])要(?![求点素闻件害员务领地])|(?<=^|[，；])要求(?![，：])|必须|务必|坚决|确保|严禁|(?<![来顾怪巴舍记由免晓见恨认懂])不得|决不能|(?:丝毫|时刻|一刻也|片刻也?|半点|任何时候都|绝)不能|不能有(?:任何|丝毫)|不能只|发现一[个人家起处例][^，。；]{1,4}一[个人家起处例]/u;
const STRONG_MODAL = /(?<![重主需纪摘提简必只想])要(?![求点素闻件害员务领地])|必须|务必/u;
/** Modal words inside quotes (全面落实“疫情要防住、经济要稳住”要求) are a slogan's, not the sentence's. */
function maskQuotes(text: string): string {
  return text.replace(/“[^“”]*”/gu, (quote) => `“${'　'.repeat(quote.length - 2)}”`);
}
function hasModal(text: string): boolean {
  return MODAL.test(maskQuotes(text));
}
// 的 turns a requirement-looking phrase into a description (要做到的事情), as do announcements of a list to come.
const ANNOUNCES_LIST =
  /(?:以下|如下|下面)(?:几|[一二三四五六七八九十两])?(?:项|点|个方面)?(?:重点)?(?:工作|意见|要求)$/u;
// Paragraph headings numbered 一、 （一） 1. carry a requirement after the number.
const LIST_MARKER =
  /^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[.、．](?!\d))/u;
const IMPERATIVE_START =
  /^(?:严防|严控|严查|严打|认清|牢牢|坚持|加强|统筹|扎实|全面|按照|切实|抓紧|着力|深入|加快|推动|强化|落实|做好|抓好|持续|严格|积极|进一步|全力|毫不放松|紧盯|聚焦|压实|健全|完善|提高|提升|优化|筑牢|守牢|守好|织密|用好|抓实|狠抓|大力|始终|牢固|对[^，]{1,20}实行)/u;
// Sentences about the meeting itself (who chaired, who attended, what was reported) are never requirements.
const ABOUT_THE_MEETING =
  /主持|出席|参加会议|列席|收听收看|设分会场|讲了意见|作出工作部署|提出具体要求|通报了|汇报了|分析了|研究了|审议了|讨论通过|听取了|传达了|(?<!胜利|要|通过)召开|提出意见建议|还研究|还审议/u;
// Background (what has happened, how things stand) unless the unit itself opens with a requirement.
const BACKGROUND = /以来|取得了|形成了|正处于|仍然十分|依然复杂|好于预期|总体平稳/u;
const NOT_A_DIRECTIVE = new RegExp(`${ABOUT_THE_MEETING.source}|${BACKGROUND.source}`, 'u');
// 关于经济要稳住，张三强调，… and 张三在讲话中指出，… / 张三在主持时要求，… introduce a speech like 张三强调，….
// A topic or occasion may come first: 就安全生产工作，… / 在听取汇报后，张三同志要求，…
const SPEECH_INTRO =
  /^(?:(关于|就|在)([^，。]{1,16})，)?(?:会议|他|她|[\p{Script=Han}]{2,4}?(?:同志)?)(?:在[^，。]{1,8}?(?:中|时))?(?:强调|指出|要求|认为|提出)[，：]/u;
const NUMBERED =
  /(?:^|[，。；])(?=[一二三四五六七八九十]+(?:要|是)|第[一二三四五六七八九十]+[，、]|首先[，、]|其次[，、]|再次[，、]|最后[，、])/gu;
const ACTOR =
  /^(?:[^，；]{0,28}?(?:各|市|州|县|区|部门|单位|企业|组|委|局|办|指挥部|领导|干部|机构|卡口|系统|街道|社区|乡镇|市场|超市|酒店|旅馆|景区|医院|地区|中心|政府|党委|群众|全市上下|领导小组|工作组|措施|能力|工作|机制|制度|体系))(?:要(?!求)|必须|务必)/u;

/** Splits one sentence into requirement units: numbered points and clauses with their own subject + 要. */
function splitRequirements(sentence: string): Span[] {
  const cuts = new Set<number>([0]);
  for (const m of sentence.matchAll(NUMBERED)) {
    const at = (m.index ?? 0) + (m[0].length > 0 ? 1 : 0);
    if (at > 0) cuts.add(at);
  }
  let clauseStart = 0;
  for (let i = 0; i <= sentence.length; i++) {
    if (i === sentence.length || sentence[i] === '，') {
      const clause = sentence.slice(clauseStart, i);
      if (clauseStart > 0 && ACTOR.test(clause) && !/^要/u.test(clause)) cuts.add(clauseStart);
      clauseStart = i + 1;
    }
  }
  const points = [...cuts].sort((a, b) => a - b);
  return points.map((start, k) => ({ start, end: (points[k + 1] ?? sentence.length + 1) - 1 }));
}

/** Leading clauses that only set the scene (当前…形势严峻) are not part of the requirement. */
function trimSceneSetting(unit: string): number {
  let offset = 0;
  while (true) {
    const comma = unit.indexOf('，', offset);
    if (comma === -1) return offset;
    const clause = unit.slice(offset, comma);
    if (hasModal(clause) || IMPERATIVE_START.test(clause) || /^[一二三四五六七八九十]+[要是]/u.test(clause))
      return offset;
    const rest = unit.slice(comma + 1);
    if (!hasModal(rest)) return offset;
    offset = comma + 1;
  }
}

export function findDirectives(
  text: string,
  unreadable: readonly (Span & { suggestion?: string })[],
): Directive[] {
  const directives: Directive[] = [];
  let inSpeech = false;
  let sectionCategory: DirectiveCategory | null = null;
  let paragraphStart = -1;
  // What the meeting is about (the lead: 安排部署我县防汛工作) is the field of a requirement nothing else places.
  const meetingField = categoriseDirective(text.slice(0, Math.max(0, text.indexOf('。')) || 200));
  for (const sentence of splitSentences(text)) {
    let start = sentence.start;
    let body = text.slice(start, sentence.end);
    const paragraph = text.lastIndexOf('\n', start) + 1;
    if (paragraph !== paragraphStart) {
      paragraphStart = paragraph;
    }
    const intro = SPEECH_INTRO.exec(body);
    // The topic an intro names (关于常态化疫情防控工作，…) says the field of what follows.
    const topic = intro && intro[1] !== '在' ? (intro[2] ?? '') : '';
    if (intro) {
      inSpeech = true;
      start += intro[0].length;
      body = body.slice(intro[0].length);
    }
    if (NOT_A_DIRECTIVE.test(body) && !hasModal(body.replace(new RegExp(NOT_A_DIRECTIVE, 'gu'), '')))
      continue;
    // 对疫情防控工作，全区各单位要…: a unit that only names a topic gives its field to the requirement after it.
    let topicBefore = '';
    for (const unit of splitRequirements(body)) {
      let unitText = body.slice(unit.start, unit.end);
      const topicOnly = /^(?:对于?|针对|围绕)([^，]{2,16})，?$/u.exec(unitText);
      if (topicOnly && !hasModal(unitText)) {
        topicBefore = topicOnly[1] ?? '';
        continue;
      }
      let unitStart = start + unit.start;
      const marker = LIST_MARKER.exec(unitText)?.[0].length ?? 0;
      unitText = unitText.slice(marker);
      unitStart += marker;
      const skip = trimSceneSetting(unitText);
      const scene = unitText.slice(0, skip);
      unitText = unitText.slice(skip);
      unitStart += skip;
      while (/^[，、\s]/u.test(unitText)) {
        unitText = unitText.slice(1);
        unitStart++;
      }
      // 某某主持会议并讲话，强调要…: after the meeting clause, the speech verb opens what was required.
      const speechAfterMeeting = /召开|主持/u.test(scene)
        ? /^(?:强调|指出|要求|提出)[，：]?/u.exec(unitText)
        : null;
      if (speechAfterMeeting) {
        unitText = unitText.slice(speechAfterMeeting[0].length);
        unitStart += speechAfterMeeting[0].length;
      }
      if (unitText.length < 4) continue;
      const modal = hasModal(unitText) || /^[一二三四五六七八九十]+[要是]/u.test(unitText);
      const imperative = (inSpeech || marker > 0) && IMPERATIVE_START.test(unitText);
      if (!modal && !imperative) continue;
      if (ABOUT_THE_MEETING.test(unitText) || ANNOUNCES_LIST.test(unitText)) continue;
      // After 某某召开会议， the clauses say what the meeting was for, not what it required.
      if (/召开|主持/u.test(scene) && !speechAfterMeeting) continue;
      // After …以来, 坚决/切实/确保 without 要 tell what was done (市委市政府坚决贯彻落实…), not what is required.
      if (BACKGROUND.test(scene) && !STRONG_MODAL.test(maskQuotes(unitText))) continue;
      if (BACKGROUND.test(unitText) && !/^(?:[一二三四五六七八九十]+)?要|^[^，]{0,28}?要/u.test(unitText))
        continue;
      const readable = readableText(text, unitStart, unitStart + unitText.length, unreadable);
      const units = findUnits(readable);
      // Without keywords of its own, the sentence around the requirement (疫情防控到了最吃劲的关键阶段，必须…)
      // says what field it is in.
      // Failing that, the paragraph so far (疫情防控形势不容乐观。各部门要高度重视…) before the previous section's.
      // 对疫情防控工作，各单位要… : what the scene is about is the requirement's field too.
      const about = [topic, topicBefore, /^(?:对于?|针对|围绕)([^，]{2,16})，/u.exec(scene)?.[1]]
        .filter(Boolean)
        .join('，');
      topicBefore = '';
      const scored =
        (about ? categoriseDirective(`${about}，${readable}`, units) : null) ??
        categoriseDirective(readable, units) ??
        categoriseDirective(readableText(text, sentence.start, sentence.end, unreadable), units) ??
        categoriseDirective(readableText(text, paragraphStart, sentence.end, unreadable), units);
      const category = scored ?? sectionCategory ?? meetingField ?? 'other';
      // A heading that names its field (确保经济要稳住, 一要…) sets the field for the lines under it.
      if (scored) sectionCategory = scored;
      directives.push({
        text: unitText,
        start: unitStart,
        end: unitStart + unitText.length,
        category,
        units,
        regions: findRegions(readable),
        numbers: findNumbers(readable),
        deadline: findDeadline(readable),
      });
    }
  }
  return directives;
}

/** The directive's text with recovered mojibake suggestions put in, for classification only. */
function readableText(
  text: string,
  start: number,
  end: number,
  unreadable: readonly (Span & { suggestion?: string })[],
) {
  let out = '';
  let cursor = start;
  // The spans are sorted and disjoint: start at the first that ends after `start` instead of at the first.
  let low = 0;
  let high = unreadable.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((unreadable[mid]?.end ?? 0) <= start) low = mid + 1;
    else high = mid;
  }
  for (let k = low; k < unreadable.length; k++) {
    const span = unreadable[k]!;
    if (span.start >= end) break;
    if (span.end <= start) continue;
    out += text.slice(cursor, Math.max(cursor, span.start)) + (span.suggestion ?? '');
    cursor = Math.min(end, span.end);
  }
  return out + text.slice(cursor, end);
}

// ---------------------------------------------------------------- category

type Keyword = [string, number];
// Explainable keyword rules: each hit adds its weight to its field; the opening clause counts double
// because it carries the verb of the requirement (要加强宣传引导，…打赢疫情防控… is about publicity).
const CATEGORY_KEYWORDS: Record<Exclude<DirectiveCategory, 'other'> | 'livelihood', Keyword[]> = {
  epidemic: [
    ['疫情', 2],
    ['防控', 1],
    ['核酸', 3],
    ['隔离', 3],
    ['疫苗', 3],
    ['接种', 3],
    ['流调', 3],
    ['方舱', 3],
    ['感染', 2],
    ['无症状', 3],
    ['发热门诊', 3],
    ['口罩', 1],
    ['消毒', 1],
    ['健康码', 3],
    ['行程码', 3],
    ['查验', 2],
    ['卡口', 2],
    ['来返', 3],
    ['返乡', 2],
    ['落地检', 3],
    ['封控', 3],
    ['防输入', 3],
    ['外防输入', 3],
    ['内防', 2],
    ['扩散', 2],
    ['救治', 3],
    ['院感', 3],
    ['冷链', 3],
    ['采样', 3],
    ['检测', 1],
    ['动态清零', 3],
    ['四早', 3],
    ['联防联控', 3],
    ['防疫', 3],
    ['疾控', 2],
    ['重点人员', 2],
    ['重点人群', 2],
    ['人物同防', 3],
    ['同防', 2],
    ['社区防控', 3],
    ['网格', 2],
    ['应接尽接', 3],
    ['医疗物资', 2],
    ['测温', 3],
    ['扫码', 3],
    ['防线', 2],
    ['战时状态', 2],
    ['流调溯源', 3],
    ['疫', 1],
    ['医疗', 1],
    ['景区', 1],
    ['限流', 2],
    ['三码', 3],
    ['输入', 1],
    ['处突', 2],
    ['应急能力', 2],
    ['不漏一', 2],
    ['复课', 2],
    ['复学', 2],
    ['新冠', 3],
    ['病毒', 2],
    ['密接', 3],
    ['风险区', 3],
    ['高风险', 3],
    ['中风险', 2],
    ['管控区', 3],
    ['防范区', 3],
    ['阳性', 3],
    ['病例', 3],
    ['确诊', 3],
    ['发热', 2],
    ['预检分诊', 3],
    ['哨点', 3],
    ['公共卫生', 2],
    ['定点医院', 3],
    ['抗原', 3],
    ['入境', 2],
    ['境外', 1],
    ['闭环', 2],
    ['筛查', 2],
    ['健康监测', 3],
    ['居家', 1],
    ['医疗机构', 2],
    ['常态化', 2],
    ['封闭管理', 3],
    ['晨午检', 3],
  ],
  economy: [
    ['经济', 2],
    ['项目', 2],
    ['投资', 3],
    ['招商', 3],
    ['复工复产', 3],
    ['复工', 2],
    ['开工', 2],
    ['六稳', 3],
    ['六保', 3],
    ['市场主体', 3],
    ['纾困', 3],
    ['减税降费', 3],
    ['惠企', 3],
    ['产业链', 2],
    ['供应链', 2],
    ['资金', 2],
    ['金融', 3],
    ['贷', 2],
    ['专项债', 3],
    ['营商环境', 3],
    ['稳增长', 3],
    ['双过半', 3],
    ['开门红', 3],
    ['外贸', 3],
    ['订单', 2],
    ['产能', 2],
    ['农业生产', 3],
    ['春耕', 3],
    ['乡村振兴', 3],
    ['三农', 3],
    ['脱贫', 3],
    ['用工', 2],
    ['稳岗', 3],
    ['企业', 1],
    ['指标', 1],
    ['固定资产', 3],
    ['稳中求进', 3],
    ['发展', 1],
    ['秋粮', 3],
    ['生产', 1],
    ['产业', 2],
    ['政策', 1],
    ['入库', 2],
    ['基础设施', 2],
    ['服务业', 2],
    ['融入', 1],
    ['经济圈', 3],
    ['增长', 2],
    ['年度目标', 3],
    ['倒排工期', 3],
    ['目标任务', 1],
    ['进度', 1],
    ['消费', 2],
    ['重点项目', 3],
    ['工业', 2],
    ['制造业', 3],
    ['园区', 1],
    ['税收', 2],
    ['财政', 1],
    ['营收', 2],
    ['规上', 3],
    ['规模以上', 3],
    ['外资', 3],
    ['进出口', 3],
    ['出口', 2],
    ['物流', 2],
    ['数字经济', 3],
    ['科技创新', 2],
    ['创新', 1],
    ['高质量发展', 2],
    ['产值', 3],
    ['生产总值', 3],
    ['GDP', 3],
    ['房地产', 3],
    ['旅游', 1],
    ['文旅', 1],
    ['农业', 2],
    ['粮食', 2],
    ['养殖', 2],
    ['生猪', 3],
    ['民营', 2],
    ['中小企业', 3],
    ['个体工商户', 3],
    ['经营主体', 3],
    ['要素保障', 3],
    ['用地', 1],
    ['能源', 1],
    ['商贸', 3],
    ['招引', 3],
    ['签约', 2],
    ['内需', 3],
    ['复苏', 2],
    ['回暖', 2],
    ['增收', 2],
    ['收入', 1],
    ['楼宇', 2],
    ['扩大', 1],
  ],
  safety: [
    ['安全生产', 3],
    ['安全', 2],
    ['隐患', 3],
    ['危房', 3],
    ['自建房', 3],
    ['消防', 3],
    ['防汛', 3],
    ['度汛', 3],
    ['备汛', 3],
    ['地质灾害', 3],
    ['危化品', 3],
    ['矿山', 3],
    ['煤矿', 3],
    ['建筑施工', 3],
    ['道路交通', 3],
    ['事故', 3],
    ['燃气', 3],
    ['高空坠', 3],
    ['水库', 3],
    ['火灾', 3],
    ['极端天气', 3],
    ['抗旱', 3],
    ['烟花爆竹', 3],
    ['安全指导', 3],
    ['安全监管', 3],
    ['安全检查', 3],
    ['安委会', 3],
    ['党政同责', 2],
    ['一岗双责', 2],
    ['铁腕', 1],
    ['防灾减灾', 3],
    ['减灾', 2],
    ['应急预案', 2],
    ['应急救援', 3],
    ['救援', 2],
    ['抢险', 3],
    ['汛', 2],
    ['强降雨', 3],
    ['降雨', 2],
    ['山洪', 3],
    ['滑坡', 3],
    ['泥石流', 3],
    ['台风', 3],
    ['防火', 3],
    ['特种设备', 3],
    ['交通安全', 3],
    ['食品安全', 3],
    ['药品', 1],
    ['生命财产', 3],
    ['排查整治', 2],
    ['整治', 1],
    ['治安', 3],
    ['电动自行车', 3],
    ['电动车', 3],
    ['高层建筑', 3],
    ['人员密集场所', 3],
    ['有限空间', 3],
    ['溺水', 3],
    ['预警', 1],
    ['转移避险', 3],
    ['避险', 2],
    ['堤防', 3],
    ['堤坝', 3],
    ['内涝', 3],
    ['地灾', 3],
    ['工贸', 3],
    ['粉尘', 3],
    ['爆炸', 3],
    ['危险化学品', 3],
    ['危险品', 3],
    ['尾矿库', 3],
    ['非法违法', 3],
    ['打非治违', 3],
    ['渔船', 2],
    ['重大风险', 2],
    ['施工', 1],
    ['道路', 1],
    ['桥梁', 1],
  ],
  governance: [
    ['信访', 3],
    ['维稳', 3],
    ['矛盾纠纷', 3],
    ['形式主义', 3],
    ['官僚主义', 3],
    ['组织领导', 3],
    ['宣传', 3],
    ['舆情', 3],
    ['属地责任', 2],
    ['属事责任', 3],
    ['主体责任', 2],
    ['追责', 3],
    ['问责', 3],
    ['督导', 2],
    ['督察', 2],
    ['纪律', 2],
    ['作风', 2],
    ['担当', 2],
    ['政治站位', 3],
    ['基层治理', 3],
    ['群防群治', 3],
    ['社会面管控', 2],
    ['机关', 2],
    ['自身建设', 3],
    ['减负', 3],
    ['领导干部', 2],
    ['接访', 3],
    ['政治责任', 2],
    ['统筹协调', 2],
    ['发布权威信息', 3],
    ['办公', 2],
    ['四方责任', 2],
    ['思想和行动', 3],
    ['会议精神', 3],
    ['传达', 2],
    ['会议部署', 3],
    ['落地见效', 2],
    ['狠抓落实', 2],
    ['值班', 2],
    ['带班', 2],
    ['统一战线', 3],
    ['党外人士', 3],
    ['动员群众', 3],
    ['党建', 3],
    ['党的领导', 3],
    ['党组织', 3],
    ['党员', 2],
    ['干部', 2],
    ['责任落实', 2],
    ['责任制', 1],
    ['压实责任', 2],
    ['督查', 2],
    ['考核', 2],
    ['纪检', 3],
    ['监督', 2],
    ['廉政', 3],
    ['廉洁', 3],
    ['巡察', 3],
    ['巡视', 3],
    ['学习贯彻', 3],
    ['贯彻落实', 1],
    ['精神', 1],
    ['政治', 2],
    ['意识形态', 3],
    ['法治', 2],
    ['依法', 1],
    ['政务', 2],
    ['12345', 3],
    ['热线', 2],
    ['办实事', 3],
    ['调查研究', 3],
    ['调研', 1],
    ['文明创建', 3],
    ['文明城市', 3],
    ['创文', 3],
    ['新闻', 2],
    ['谣言', 3],
    ['协调联动', 2],
    ['合力', 1],
    ['机制', 1],
    ['信息报送', 3],
    ['报送', 2],
    ['值守', 2],
    ['人大', 2],
    ['政协', 2],
    ['统战', 3],
    ['宗教', 3],
    ['民族', 2],
    ['社会稳定', 2],
    ['社会治理', 3],
    ['治理', 2],
    ['扫黑除恶', 3],
    ['综治', 3],
    ['矛盾', 2],
    ['平安建设', 2],
    ['社会管理', 3],
  ],
  livelihood: [
    ['民生', 3],
    ['生活必需品', 3],
    ['保供', 2],
    ['生活物资', 3],
    ['就业', 3],
    ['困难群体', 3],
    ['人居环境', 3],
    ['生命线', 3],
    ['物资供应', 2],
    ['群众生活', 3],
    ['米面粮油', 3],
    ['保供稳价', 3],
    ['服务保障', 2],
    ['基本生活', 3],
    // Fields outside the three jobs and governance (ecology, land, sanitation) are 'other' as well.
    ['生态', 3],
    ['污染', 3],
    ['环保', 3],
    ['拆违', 3],
    ['违法占地', 3],
    ['圈占土地', 3],
    ['公厕', 3],
    ['教育', 2],
    ['学校', 1],
    ['教学', 2],
    ['招生', 3],
    ['高考', 3],
    ['中考', 3],
    ['考试', 2],
    ['医保', 3],
    ['养老', 1],
    ['托育', 3],
    ['社保', 3],
    ['社会保障', 3],
    ['住房', 2],
    ['保障性住房', 3],
    ['供水', 2],
    ['供电', 2],
    ['供气', 2],
    ['供暖', 3],
    ['垃圾', 3],
    ['环境卫生', 3],
    ['城市管理', 3],
    ['市容', 3],
    ['绿化', 3],
    ['河长制', 3],
    ['河湖', 3],
    ['大气', 3],
    ['水质', 3],
    ['扬尘', 3],
    ['秸秆', 3],
    ['碳', 2],
    ['节能', 3],
    ['减排', 3],
    ['文化', 1],
    ['体育', 2],
    ['厕所', 3],
    ['物业', 2],
    ['老旧小区', 3],
    ['背街小巷', 3],
    ['环境整治', 3],
    ['城乡环境', 3],
    ['蓝天', 3],
    ['碧水', 3],
    ['净土', 3],
    ['环境', 1],
    ['残疾', 3],
    ['低保', 3],
    ['救助', 2],
    ['困难群众', 3],
    ['医药卫生', 3],
    ['医改', 3],
  ],
};

const KEYWORD_PATTERN = new RegExp(
  Object.values(CATEGORY_KEYWORDS)
    .flat()
    .map(([word]) => word)
    .sort((a, b) => b.length - a.length)
    .join('|'),
  'gu',
);
const KEYWORD_FIELD = new Map<string, [DirectiveCategory, number]>(
  Object.entries(CATEGORY_KEYWORDS).flatMap(([field, words]) =>
    words.map(([word, weight]): [string, [DirectiveCategory, number]] => [
      word,
      [field === 'livelihood' ? 'other' : (field as DirectiveCategory), weight],
    ]),
  ),
);

/** Keyword scoring; unit names are masked first (疫情防控工作领导小组要… is not about the epidemic). */
export function categoriseDirective(text: string, units: readonly string[] = []): DirectiveCategory | null {
  let masked = text;
  for (const unit of units) masked = masked.split(unit).join('　'.repeat(unit.length));
  const firstClause = masked.search(/[，；]/u);
  // In 要加大对疫情防控物资生产企业的安全指导服务 the words after the last 的 are the action itself.
  const headStart = masked.slice(0, firstClause === -1 ? masked.length : firstClause).lastIndexOf('的');
  const scores = new Map<DirectiveCategory, number>();
  const firstSeen = new Map<DirectiveCategory, number>();
  for (const match of masked.matchAll(KEYWORD_PATTERN)) {
    const hit = KEYWORD_FIELD.get(match[0]);
    if (!hit) continue;
    const [field, weight] = hit;
    const at = match.index ?? 0;
    const inFirstClause = firstClause === -1 || at < firstClause;
    // …and what comes before that 的 only describes it, so it counts like a later clause.
    const factor = !inFirstClause ? 1 : headStart === -1 ? 2 : at > headStart ? 3 : 1;
    scores.set(field, (scores.get(field) ?? 0) + weight * factor);
    if (!firstSeen.has(field)) firstSeen.set(field, at);
  }
  let best: DirectiveCategory | null = null;
  let bestScore = 0;
  for (const [field, score] of scores) {
    const earlier =
      (firstSeen.get(field) ?? 0) < (best ? (firstSeen.get(best) ?? 0) : Number.POSITIVE_INFINITY);
    if (score > bestScore || (score === bestScore && earlier)) {
      best = field;
      bestScore = score;
    }
  }
  return bestScore >= 2 ? best : null;
}

// ---------------------------------------------------------------- units, regions, numbers, deadlines

const UNIT_NAME =
  /(?:市|州|县|区)(?:[\p{Script=Han}]{1,10}?)(?:委员会|领导小组|指挥部|工作组|管理局|监管局|委|局|办|中心|医院)(?![\p{Script=Han}]{0,1}(?:书记|主任|局长|部长))|各(?:县市区|县（市、区）|县市|区|县|乡镇街道|乡镇|街道|社区|专项工作组|工作组|部门各单位|级各部门|部门|单位|类企业|级党委政府|级党政领导干部|金融机构|级医疗机构|地|进京卡口)|(?:卫健|住建|交通|应急|商务|发改|文旅|公安|市场监管|教育|民政|人社|财政|水利|自然资源|经信|招商)(?=[、和]|等部门)|行业主管部门|低风险地区|中风险地区/gu;

export function findUnits(text: string): string[] {
  const units: string[] = [];
  for (const match of text.matchAll(UNIT_NAME)) {
    const unit = match[0].replace(/^(?:市|州)(?:委副书记|委书记|长)/u, '');
    if (!units.includes(unit)) units.push(unit);
  }
  return units;
}

const REGION =
  /(?<![各全本该])(?:[\p{Script=Han}]{2,3})(?:市|县|区|州|新城|开发区|科技城)(?![委长政民直属场领级里区县容])|京山|宜昌|荆门|德州|廊坊|攀枝花|襄阳|十堰|黄石|咸宁|恩施|沧州|孝感|成渝/gu;
const NOT_REGION =
  /^(?:城区|辖区|社区|地区|园区|景区|小区|封控区|风险区|中风险地区|低风险地区|管控区|县市区|市县区)$|各|全|分会|主会|城市/u;

export function findRegions(text: string): string[] {
  const regions: string[] = [];
  for (const match of text.matchAll(REGION)) {
    const region = match[0];
    if (NOT_REGION.test(region) || region.length < 2) continue;
    if (!regions.includes(region)) regions.push(region);
  }
  return regions;
}

const NUMBER =
  /(每万人|每周|每月|每天|每日)?(\d+(?:\.\d+)?)\s*(%|万元|亿元|元|个|支|套|间|张|座|家|名|人|小时|分钟|天|次|处|所|辆|床|户|岁|万|亿|项|批|条)?/gu;

export function findNumbers(text: string): DirectiveNumber[] {
  const numbers: DirectiveNumber[] = [];
  for (const match of text.matchAll(NUMBER)) {
    const at = match.index ?? 0;
    const after = text.slice(at + match[0].length, at + match[0].length + 1);
    const before = text.slice(Math.max(0, at - 1), at);
    // Dates, deadlines and ordinals are not quantities.
    if (/[月日年号]/u.test(after) || before === '第' || !match[3]) continue;
    const per = match[1] ? (match[1] === '每万人' ? '/万人' : `/${match[1].slice(1)}`) : '';
    numbers.push({ value: Number(match[2]), unit: `${match[3]}${per}`, text: match[0] });
  }
  return numbers;
}

const DEADLINE =
  /(?:\d{1,2}月(?:\d{1,2}日|底|中旬|上旬|下旬|末)前|年底前|年内|月底前|[一二三四]季度末前|春节前|\d+日内)/u;

export function findDeadline(text: string): string | null {
  return DEADLINE.exec(text)?.[0] ?? null;
}
