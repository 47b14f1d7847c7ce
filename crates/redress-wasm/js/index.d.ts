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
  /** Rows as objects, the canonical CSV text, or one CSV text per account. */
  trades: TradeRow[] | string | string[];
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
}

/** A case file (interfaces.md "Case file") as an object, or its TOML text. */
export type CaseSpec = string | Record<string, unknown>;

export interface Problem {
  /** Stable code, e.g. "bad-date", "missing-market-days", "case-value". */
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
  interest: Decimal; interest_from?: DateString; interest_days?: Decimal; compensation: Decimal;
  trades?: TradeEffect[]; steps?: Step[];
}
export interface Estimate {
  case_id: string; compensation: Decimal; combine: 'sum' | 'max'; chosen_segment?: string;
  segments: SegmentResult[]; rules: Record<string, unknown>; opening_position: Shares;
  opening_shortfall: Shares; adjustments?: { ex_date: DateString; bonus_per_share: Decimal; dividend_per_share: Decimal; source: 'case' | 'inferred' }[];
  warnings: Warning[]; lang: Lang;
}
export interface Comparison { method: Method; with_deductions: boolean; compensation: Decimal; investment_loss: Decimal }

/** The version of the core. */
export function version(): string;
/** One investor's estimate. Throws only for an argument of the wrong type. */
export function estimate(input: EstimateInput, caseSpec: CaseSpec, options?: EstimateOptions): Outcome<Estimate>;
/** The four buy-average methods, each with and without the case's deductions. */
export function compare(input: EstimateInput, caseSpec: CaseSpec, options?: EstimateOptions): Outcome<Comparison[]>;
