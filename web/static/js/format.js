// How values from the API are shown to people.

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** 1536 → "1.5 KiB"; image sizes are bytes and reach gigabytes. */
export function bytes(n) {
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
    return '—';
  }
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

const dateFormat = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'short'});

/** Unix seconds → local date and time, e.g. "24 Nov 2026, 11:48". */
export function dateTime(seconds) {
  if (!seconds) {
    return '—';
  }
  return dateFormat.format(new Date(seconds * 1000));
}

/** Unix seconds → the ISO form for a <time datetime> attribute. */
export function isoDate(seconds) {
  return seconds ? new Date(seconds * 1000).toISOString() : '';
}

/** The first 12 hex digits, as image tools show digests; enough to tell versions apart. */
export function shortFingerprint(fingerprint) {
  return fingerprint ? fingerprint.slice(0, 12) : '—';
}

const numberFormat = new Intl.NumberFormat();

export function count(n) {
  return numberFormat.format(n);
}

/** plural(3, 'version') → "3 versions". */
export function plural(n, singular, pluralForm = `${singular}s`) {
  return `${count(n)} ${n === 1 ? singular : pluralForm}`;
}

/** Server reasons are lower-case sentences ("image foo is …"); people read them capitalised. */
export function sentence(text) {
  if (!text) {
    return '';
  }
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

export function typeLabel(type) {
  return type === 'vm' ? 'VM' : 'Container';
}

/** The type inside a sentence: "the default VM image", "a container image". */
export function typeNoun(type) {
  return type === 'vm' ? 'VM' : 'container';
}

/** An RFC 3339 time (as the bin and protection fields are) → local date and time. */
export function dateTimeIso(iso) {
  const when = iso ? new Date(iso) : null;
  return when && !Number.isNaN(when.getTime()) ? dateFormat.format(when) : '—';
}

/**
 * How long until an RFC 3339 time, in the two largest units: "6 days 23 h", "4 h 12 min",
 * "3 min", "less than a minute"; "due now" once it has passed (the server's job is about to act).
 */
export function timeLeft(iso, now = Date.now()) {
  const ms = new Date(iso).getTime() - now;
  if (Number.isNaN(ms)) {
    return '—';
  }
  if (ms <= 0) {
    return 'due now';
  }
  const minutes = Math.floor(ms / 60000);
  if (minutes < 1) {
    return 'less than a minute';
  }
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days) {
    return hours ? `${plural(days, 'day')} ${hours} h` : plural(days, 'day');
  }
  if (hours) {
    return mins ? `${hours} h ${mins} min` : `${hours} h`;
  }
  return `${mins} min`;
}
