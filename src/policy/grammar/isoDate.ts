// Values of the Date condition operators (IAM User Guide, "Condition operators: Date": "W3C
// implementations of the ISO 8601 date formats" or epoch time). Validation only: AWS accepts the
// lenient ISO 8601 forms recorded in test/fixtures/aws-recorded-policies (a bare year, "01T",
// one-digit hours, a lower-case "t", "+23" offsets) and refuses an epoch outside a signed 64-bit
// integer.

const EPOCH_INT = /^[+-]?\d+$/;
const EPOCH_DECIMAL = /^[+-]?\d+\.\d+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

// date-opt-time: date ['T' [time] [offset]]  |  'T' time [offset]
// date: year ['-' (MM ['-' dd] | DDD | 'W' ww ['-' e])]
const DATE = String.raw`([+-]?\d{1,9})(?:-(?:(\d{1,2})(?:-(\d{1,2}))?|(\d{3})|[Ww](\d{1,2})(?:-([1-7]))?))?`;
const TIME = String.raw`(\d{1,2})(?::(\d{1,2})(?::(\d{1,2}))?)?(?:[.,]\d{1,9})?`;
const OFFSET = String.raw`(?:[Zz]|[+-](\d{2})(?::?(\d{2}))?)`;
const DATE_TIME = new RegExp(String.raw`^${DATE}(?:[Tt](?:${TIME})?${OFFSET}?)?$`);
const TIME_ONLY = new RegExp(String.raw`^[Tt]${TIME}${OFFSET}?$`);

const inRange = (s: string | undefined, lo: number, hi: number) => s === undefined || (Number(s) >= lo && Number(s) <= hi);

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function validTime(h?: string, m?: string, s?: string, oh?: string, om?: string): boolean {
  return inRange(h, 0, 23) && inRange(m, 0, 59) && inRange(s, 0, 59) && inRange(oh, 0, 23) && inRange(om, 0, 59);
}

/** Whether AWS accepts `value` for a Date condition operator. */
export function isDateValue(value: string): boolean {
  if (EPOCH_INT.test(value)) {
    const n = BigInt(value);
    return n >= INT64_MIN && n <= INT64_MAX;
  }
  if (EPOCH_DECIMAL.test(value)) return true;
  let m = DATE_TIME.exec(value);
  if (m) {
    const [, year, month, day, ordinal, week, , h, mi, s, oh, om] = m;
    if (!inRange(month, 1, 12) || !inRange(ordinal, 1, 366) || !inRange(week, 1, 53)) return false;
    if (day !== undefined && !(Number(day) >= 1 && Number(day) <= daysIn(Number(year), Number(month)))) return false;
    return validTime(h, mi, s, oh, om);
  }
  m = TIME_ONLY.exec(value);
  return m !== null && validTime(m[1], m[2], m[3], m[4], m[5]);
}
