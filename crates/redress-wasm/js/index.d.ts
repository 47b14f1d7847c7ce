// Types of the Redress JS API (interfaces.md). Decimals are strings, share counts numbers
// (or a decimal string when an ex-rights adjustment left a fraction), dates "YYYY-MM-DD".

export type Decimal = string;
export type DateString = string;
export type Lang = 'zh' | 'en';
export type Method = 'moving-average' | 'fifo-average' | 'weighted-average' | 'actual-cost';
export type Kind = 'buy' | 'sell' | 'bonus' | 'transfer_in' | 'transfer_out' | 'dividend' | 'rights' | 'other';
export type Shares = number | string;

/** A canonical trade row (interfaces.md "Canonical trade file"). */
export interface TradeRow {
  /** Security code, as importTrades gives it (ignored: select one security's rows first). */
  code?: string;
  /** Security name, as importTrades gives it for files without a code column (ignored). */
  name?: string;
  /** Index into `files` of the file the row came from (default 0). */
  file?: number;
  /** The row's line in that file (default: its 1-based place in the array). */
  row?: number;
  date: DateString;
  time?: string;
  account?: string;
  kind: Kind;
  quantity?: number | string;
  price?: Decimal | number;
}
export interface BarRow { date: DateString; close: Decimal; volume: Decimal; float: Decimal }
export interface IndexRow { date: DateString; index: string; close: Decimal }

export interface EstimateInput {
  /** Rows as objects, the canonical CSV text, or one text per account (canonical CSV or a
   * broker export, read by the same reader as `inputs`). Give `trades` or `inputs`. */
  trades?: TradeRow[] | string | string[];
  /** The investor's files as dropped (canonical CSV or broker exports, bytes in any
   * encoding or text), read together by the core's one reader (the web page's and
   * `redress estimate`'s): the case's security selected, identical trades in two files
   * counted once, the opening position inferred from balance columns added to
   * `opening_position`. */
  inputs?: InputFile[];
  /** File names, used in messages and in each trade's `file` (one per CSV text). */
  files?: string[];
  /** The case file's name, used in messages (default "case"). */
  case_file?: string;
  /** Shares held before the first row. */
  opening_position?: number;
  /** Daily bars of the security, when the base date or price is computed. */
  market?: BarRow[] | string;
  /** Index closes, for the index-based deductions. */
  indices?: IndexRow[] | string | string[];
}

export interface EstimateOptions {
  method?: Method;
  lang?: Lang;
  /** Per-trade effects and explanation steps (default true). */
  detail?: boolean;
  without_deductions?: boolean;
  /** Identical trades in two of `inputs` (or of the `trades` texts): "once" (default)
   * counts them once, as one account exported twice; "keep" counts both, as two
   * accounts' own. Either way a `duplicate-trades` warning says so. */
  duplicates?: 'once' | 'keep';
  /** Case parameters to supply or replace, by path, as the command line's `--set`:
   * `{ "rules.systemic.method": "fixed", "rules.systemic.ratio": "30%" }`. Applied
   * together (any order), then the case is checked; a rate may be written `0.03%`,
   * `万分之三` or `0.0003` (a percent is a percent). */
  set?: Record<string, string>;
}

/** A built-in case by id (see `cases()`), a case file (interfaces.md "Case file") as
 * its TOML text, or the same as an object. */
export type CaseSpec = string | Record<string, unknown>;

export interface Problem {
  /** Stable code, e.g. "bad-date", "missing-market-days", "case-value", "no-header",
   * "unknown-case" (no built-in case has that id), "workbook-not-supported" (an Excel
   * workbook given to a package built without the workbook reader). */
  code: string;
  message: string;
  message_en: string;
  file: string | null;
  row: number | null;
  column: string | null;
  field: string | null;
}
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: Problem };

export interface Authority { source: 'spc2022' | 'spc2003' | 'case' | 'redress'; article?: number; label: string }
export interface Step { code: string; title: string; text: string; authority: Authority }
export interface Warning { code: string; row?: number; file?: string; segment?: string; message: string }
export interface TradeEffect {
  row: number; file: string; account: string; date: DateString; time?: string; kind: Kind;
  quantity: number; price?: Decimal; adjusted_quantity?: Shares; adjusted_price?: Decimal;
  phase: 'before' | 'window' | 'settlement' | 'after'; layer?: 'pre' | 'window' | 'post';
  from_pre?: Shares; from_window?: Shares; from_post?: Shares; eligible_change?: Shares;
  counted?: Shares; eligible_after?: Shares; average_after?: Decimal; note?: string;
}
export interface Part {
  name: 'sold' | 'held' | 'bought_back' | 'not_bought_back'; shares: Shares; exit_price?: Decimal;
  loss: Decimal; stock_change?: Decimal; index_change?: Decimal;
  indices?: { index: string; entry: Decimal; exit: Decimal; change: Decimal }[];
  systemic_ratio: Decimal; systemic_deduction: Decimal;
}
export interface SegmentResult {
  id: string; direction: 'long' | 'short'; implementation_date: DateString; disclosure_date: DateString;
  eligible_shares: Shares; buy_average?: Decimal; sold_shares: Shares; sell_average?: Decimal;
  held_shares: Shares; bought_back_shares?: Shares; buy_back_average?: Decimal;
  base_date: DateString; base_price: Decimal; base_date_source: 'given' | 'computed'; base_price_source: 'given' | 'computed';
  turnover?: { day: number; date: DateString; close: Decimal; volume: Decimal; float: Decimal; turnover: Decimal; cumulative: Decimal }[];
  loss_sold: Decimal; loss_held: Decimal; investment_loss: Decimal; parts: Part[];
  systemic_deduction: Decimal; non_systemic_deduction: Decimal; min_compensation_applied: boolean;
  compensable_loss: Decimal; stamp_duty_rate: Decimal; commission: Decimal; stamp_duty: Decimal;
  interest: Decimal; interest_from?: DateString; interest_days?: Decimal;
  /** What interest was charged on (C, or C + commission + stamp duty), to the fen. */
  interest_principal?: Decimal;
  /** Each stretch of the interest period at one yearly rate (the PBoC demand-deposit table or a fixed rate). */
  interest_periods?: { from: DateString; to: DateString; days: Decimal; rate: Decimal }[];
  compensation: Decimal;
  trades?: TradeEffect[]; steps?: Step[];
}
export interface Estimate {
  case_id: string; compensation: Decimal; combine: 'sum' | 'max'; chosen_segment?: string;
  segments: SegmentResult[];
  /** The rules used; interest ones: `interest_rate` ("deposit-table" or a decimal),
   * `interest_principal` ("loss-and-fees" | "loss"), `interest_days_per_year` (360 | 365). */
  rules: Record<string, unknown>; opening_position: Shares;
  opening_shortfall: Shares; adjustments?: { ex_date: DateString; bonus_per_share: Decimal; dividend_per_share: Decimal; source: 'case' | 'inferred' }[];
  warnings: Warning[]; lang: Lang;
}
export interface Comparison { method: Method; with_deductions: boolean; compensation: Decimal; investment_loss: Decimal }

// ---- importTrades (the core's redress::import; `redress import --json` prints the same)

/** A broker export: its bytes (any encoding; GB18030 is decoded by the host's
 * TextDecoder), or text already decoded (pasted text). */
export type InputFile = { name: string; bytes: Uint8Array | ArrayBuffer } | { name: string; text: string };
export interface ImportOptions {
  lang?: Lang;
  /** The security to select (its code and former codes, or a name for files without a
   * code column): sets `report.selected` and `report.opening_position`. */
  select?: string | string[];
}
export type Field = 'date' | 'time' | 'code' | 'name' | 'business' | 'remark' | 'quantity' | 'price'
  | 'amount' | 'net' | 'balance' | 'cash_balance' | 'trade_id' | 'order_id' | 'serial' | 'holder'
  | 'fund_account' | 'market' | 'currency' | 'status' | 'fee' | 'other';
export interface Counts { used: number; ignored: number; rejected: number }
export interface ColumnReport { index: number; header: string; field?: Field; used: boolean }
export interface FileReport {
  index: number; name: string;
  encoding?: 'utf8' | 'utf8-bom' | 'utf16-le' | 'utf16-be' | 'gb18030';
  malformed: number;
  container: 'delimited' | 'html' | 'fixed-width' | 'spaces' | 'xls' | 'xlsx' | 'workbook';
  delimiter?: string; sheet?: string; header_row: number; columns: ColumnReport[];
  account: string; order: 'oldest-first' | 'newest-first' | 'unordered'; blank_lines: number; counts: Counts;
}
/** What happened to one non-blank input line. */
export interface RowReport {
  file: number; row: number; status: 'used' | 'ignored' | 'rejected';
  /** Stable code for why (absent for a plainly used row), e.g. "preamble", "cash-only", "bad-date". */
  reason?: string;
  /** The column at fault, for a rejected row (its header as written). */
  column?: string;
  message?: string; date?: DateString; code?: string; business?: string;
  kind?: Kind; quantity?: number; price?: Decimal;
}
export interface SecuritySummary {
  code: string; name: string; equity: boolean; rows: number; trades: number;
  position: number; opening: number; unknown_origin: number;
}
export interface ImportNote {
  code: string; file?: number; row?: number; security?: string; account?: string; shares?: number; message: string;
}
export interface ImportReport {
  lang: Lang; files: FileReport[]; rows: RowReport[]; securities: SecuritySummary[];
  notes: ImportNote[]; selected: string[]; opening_position: number; counts: Counts;
}
/** A trade of any security, in calculation order; `file`/`row` point at the input line.
 * Rows of one security can be passed as `EstimateInput.trades` as they are. */
export interface ImportedTrade {
  code: string; name?: string; date: DateString; time: string | null; account: string;
  kind: Kind; quantity: number; price: Decimal | null; file: number; row: number;
}
export interface Opening { account: string; code: string; name: string; shares: number }
export interface Import { report: ImportReport; trades: ImportedTrade[]; openings: Opening[] }

// ---- cases (the built-in real cases, `redress cases --json`)

export type ProvenanceStatus = 'published' | 'unverified' | 'assumed' | 'unknown' | 'user';
export interface ParameterRow {
  path: string; value?: string; status?: ProvenanceStatus; note?: string; note_en?: string; source?: string;
}
export interface SegmentCard {
  id: string; direction: 'long' | 'short'; implementation_date?: DateString; disclosure_date?: DateString;
  base_date?: DateString; base_price?: Decimal; last_trading_date?: DateString;
}
/** Something the user must supply before estimating the case. */
export type Need =
  | { kind: 'market-data'; segments: string[] }
  | { kind: 'index-data'; indices: string[] }
  | { kind: 'parameter'; path: string; note: string; note_en: string };
export interface CaseCard {
  id: string; name: string; name_en: string; kind?: 'scheme' | 'court' | 'example';
  security: string; former_codes?: string[]; aliases?: string[];
  regime: 'spc2022' | 'spc2003'; combine: 'sum' | 'max'; summary: string; summary_en: string;
  segments: SegmentCard[]; parameters: ParameterRow[]; sources: { title: string; url: string }[];
  needs: Need[];
}

/** The version of the core. */
export function version(): string;
/** One investor's estimate. Throws only for an argument of the wrong type. */
export function estimate(input: EstimateInput, caseSpec: CaseSpec, options?: EstimateOptions): Outcome<Estimate>;
/** The four buy-average methods, each with and without the case's deductions. */
export function compare(input: EstimateInput, caseSpec: CaseSpec, options?: EstimateOptions): Outcome<Comparison[]>;
/** Broker exports to a per-row report, the trades of every security and the opening
 * positions inferred from balance columns. Throws only for an argument of the wrong shape. */
export function importTrades(files: InputFile[], options?: ImportOptions): Outcome<Import>;
/** The built-in cases, best match first for a query (name, pinyin initials, id or code);
 * every case, in list order, without one. */
export function cases(query?: string): CaseCard[];
/** One built-in case's card, or null when no case has this id. */
export function caseById(id: string): CaseCard | null;

// ---- reconcile and whatIf (redress::reconcile; `redress reconcile --json` prints the same)

/** What the investor was offered, and any figure of the offer letter, as typed: full-width
 * digits, thousands separators and `元` are read; a figure with decimals is compared at the
 * decimals written (a letter prints them rounded); a negative figure is an `offer-figure`
 * error. */
export interface Offer {
  amount: Decimal | number;
  eligible_shares?: Decimal | number;
  buy_average?: Decimal | number;
  loss?: Decimal | number;
  /** The share of the loss deducted for systemic risk (`0.2626`, `26.26%`): a fixed
   * ratio times its scale, or an index method's deduction over the loss. */
  ratio?: Decimal | number;
}
export interface Change {
  /** The parameter path (`rules.buy_average`, `opening_position`), as `--set` takes it. */
  path: string;
  from: string;
  to: string;
  status: 'published' | 'unverified' | 'assumed' | 'unknown' | 'user' | 'computed' | null;
}
export interface Candidate {
  changes: Change[];
  compensation: Decimal;
  /** The compensation minus the amount offered. */
  difference: Decimal;
  figures_match: boolean;
  /** The other combinations that give the same: each is `changes` and these, which make no
   * difference for these trades. */
  same: Change[][];
}
export interface Reconciliation {
  offered: Decimal;
  default: Decimal | null;
  /** Combinations that reproduce the offer, fewest published values overridden first. */
  exact: Candidate[];
  /** When none does: the nearest few. */
  nearest: Candidate[];
  /** The fixed systemic ratio (to 0.01 %) that reproduces the amount, when one does. */
  ratio: { ratio: Decimal; compensation: Decimal; exact: boolean; changes: Change[] } | null;
  searched: number;
}
export interface WhatIf { path: string; current: string; alternatives: [string, Decimal][]; spread: Decimal }
export function reconcile(input: EstimateInput, caseSpec: CaseSpec, offer: Offer, options?: EstimateOptions): Outcome<Reconciliation>;
export function whatIf(input: EstimateInput, caseSpec: CaseSpec, options?: EstimateOptions): Outcome<WhatIf[]>;
