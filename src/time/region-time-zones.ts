/**
 * The IANA zone of each state, province or territory of the countries that span several zones, keyed
 * by the codes and names carriers write in event locations (`DES MOINES IA`, `PERTH WA 6000`,
 * `MANAUS - AM`). A region split between zones gets the zone where most of its people live. Sources:
 * tzdata `zone1970.tab` and its comments (public domain); the codes are USPS, Canada Post, Australia
 * Post, IBGE and Mexico's official abbreviations.
 */

const CENTRAL = 'America/Chicago';
const EASTERN = 'America/New_York';
const MOUNTAIN = 'America/Denver';
const PACIFIC = 'America/Los_Angeles';

/** United States: USPS state codes. */
const US: Readonly<Record<string, string>> = {
  AL: CENTRAL,
  AK: 'America/Anchorage',
  AZ: 'America/Phoenix',
  AR: CENTRAL,
  CA: PACIFIC,
  CO: MOUNTAIN,
  CT: EASTERN,
  DE: EASTERN,
  DC: EASTERN,
  FL: EASTERN,
  GA: EASTERN,
  HI: 'Pacific/Honolulu',
  ID: 'America/Boise',
  IL: CENTRAL,
  IN: 'America/Indiana/Indianapolis',
  IA: CENTRAL,
  KS: CENTRAL,
  KY: 'America/Kentucky/Louisville',
  LA: CENTRAL,
  ME: EASTERN,
  MD: EASTERN,
  MA: EASTERN,
  MI: 'America/Detroit',
  MN: CENTRAL,
  MS: CENTRAL,
  MO: CENTRAL,
  MT: MOUNTAIN,
  NE: CENTRAL,
  NV: PACIFIC,
  NH: EASTERN,
  NJ: EASTERN,
  NM: MOUNTAIN,
  NY: EASTERN,
  NC: EASTERN,
  ND: CENTRAL,
  OH: EASTERN,
  OK: CENTRAL,
  OR: PACIFIC,
  PA: EASTERN,
  RI: EASTERN,
  SC: EASTERN,
  SD: CENTRAL,
  TN: CENTRAL,
  TX: CENTRAL,
  UT: MOUNTAIN,
  VT: EASTERN,
  VA: EASTERN,
  WA: PACIFIC,
  WV: EASTERN,
  WI: CENTRAL,
  WY: MOUNTAIN,
  PR: 'America/Puerto_Rico',
  // International service centres and hubs named without their state.
  'NEW YORK': EASTERN,
  MIAMI: EASTERN,
  CHICAGO: CENTRAL,
  'LOS ANGELES': PACIFIC,
  'SAN FRANCISCO': PACIFIC,
};

/** Canada: Canada Post province codes. */
const CA: Readonly<Record<string, string>> = {
  BC: 'America/Vancouver',
  AB: 'America/Edmonton',
  SK: 'America/Regina',
  MB: 'America/Winnipeg',
  ON: 'America/Toronto',
  QC: 'America/Toronto',
  NB: 'America/Moncton',
  NS: 'America/Halifax',
  PE: 'America/Halifax',
  NL: 'America/St_Johns',
  YT: 'America/Whitehorse',
  NT: 'America/Yellowknife',
  NU: 'America/Iqaluit',
};

/** Australia: Australia Post state codes. */
const AU: Readonly<Record<string, string>> = {
  NSW: 'Australia/Sydney',
  ACT: 'Australia/Sydney',
  VIC: 'Australia/Melbourne',
  QLD: 'Australia/Brisbane',
  SA: 'Australia/Adelaide',
  WA: 'Australia/Perth',
  TAS: 'Australia/Hobart',
  NT: 'Australia/Darwin',
};

/** Brazil: IBGE state codes (the others are on São Paulo time). */
const BR: Readonly<Record<string, string>> = {
  AC: 'America/Rio_Branco',
  AM: 'America/Manaus',
  RR: 'America/Boa_Vista',
  RO: 'America/Porto_Velho',
  MT: 'America/Cuiaba',
  MS: 'America/Campo_Grande',
  PA: 'America/Belem',
  AP: 'America/Belem',
  TO: 'America/Araguaina',
  MA: 'America/Fortaleza',
  PI: 'America/Fortaleza',
  CE: 'America/Fortaleza',
  RN: 'America/Fortaleza',
  PB: 'America/Fortaleza',
  PE: 'America/Recife',
  AL: 'America/Maceio',
  SE: 'America/Maceio',
  BA: 'America/Bahia',
  SP: 'America/Sao_Paulo',
  RJ: 'America/Sao_Paulo',
  MG: 'America/Sao_Paulo',
  ES: 'America/Sao_Paulo',
  PR: 'America/Sao_Paulo',
  SC: 'America/Sao_Paulo',
  RS: 'America/Sao_Paulo',
  GO: 'America/Sao_Paulo',
  DF: 'America/Sao_Paulo',
};

/** Mexico: the states off central time, by name and official abbreviation. */
const MX: Readonly<Record<string, string>> = {
  BC: 'America/Tijuana',
  'BAJA CALIFORNIA': 'America/Tijuana',
  TIJUANA: 'America/Tijuana',
  MEXICALI: 'America/Tijuana',
  BCS: 'America/Mazatlan',
  'BAJA CALIFORNIA SUR': 'America/Mazatlan',
  SON: 'America/Hermosillo',
  SONORA: 'America/Hermosillo',
  HERMOSILLO: 'America/Hermosillo',
  SIN: 'America/Mazatlan',
  SINALOA: 'America/Mazatlan',
  MAZATLAN: 'America/Mazatlan',
  CULIACAN: 'America/Mazatlan',
  NAY: 'America/Mazatlan',
  NAYARIT: 'America/Mazatlan',
  CHIH: 'America/Chihuahua',
  CHIHUAHUA: 'America/Chihuahua',
  'CIUDAD JUAREZ': 'America/Ciudad_Juarez',
  QROO: 'America/Cancun',
  'QUINTANA ROO': 'America/Cancun',
  CANCUN: 'America/Cancun',
};

/** Russia: the cities a parcel passes through, by the zone of their region. */
const RU: Readonly<Record<string, string>> = {
  KALININGRAD: 'Europe/Kaliningrad',
  MOSCOW: 'Europe/Moscow',
  'SAINT PETERSBURG': 'Europe/Moscow',
  'ST PETERSBURG': 'Europe/Moscow',
  SAMARA: 'Europe/Samara',
  IZHEVSK: 'Europe/Samara',
  YEKATERINBURG: 'Asia/Yekaterinburg',
  EKATERINBURG: 'Asia/Yekaterinburg',
  CHELYABINSK: 'Asia/Yekaterinburg',
  PERM: 'Asia/Yekaterinburg',
  UFA: 'Asia/Yekaterinburg',
  TYUMEN: 'Asia/Yekaterinburg',
  OMSK: 'Asia/Omsk',
  NOVOSIBIRSK: 'Asia/Novosibirsk',
  BARNAUL: 'Asia/Barnaul',
  TOMSK: 'Asia/Tomsk',
  KRASNOYARSK: 'Asia/Krasnoyarsk',
  IRKUTSK: 'Asia/Irkutsk',
  CHITA: 'Asia/Chita',
  YAKUTSK: 'Asia/Yakutsk',
  VLADIVOSTOK: 'Asia/Vladivostok',
  KHABAROVSK: 'Asia/Vladivostok',
  MAGADAN: 'Asia/Magadan',
  'YUZHNO-SAKHALINSK': 'Asia/Sakhalin',
  'PETROPAVLOVSK-KAMCHATSKY': 'Asia/Kamchatka',
};

/** Per country (ISO 3166-1), the zone of each region code, region name or city its locations may name. */
export const REGION_TIME_ZONES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  US,
  CA,
  AU,
  BR,
  MX,
  RU,
};
