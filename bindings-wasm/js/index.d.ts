// Types of the npm package `kefu`.
//
// Hand-written to match the Rust types: the result schema in
// core/src/analysis.rs, the context in core/src/context.rs and the bot
// definition in core/src/definition.rs. bindings-wasm/tests/types.test.mjs
// compares every interface and string union below with those Rust structs
// and enums, and the keys of real analyses with the interfaces, so they
// cannot drift apart silently.
//
// Numbers that are `f32` in Rust (confidences, scores, emotions) arrive as
// the exact f32 value widened to a double (0.30000001192092896 where the
// JSON of the C binding shows 0.3): round them for display.

// ------------------------------------------------------------------ setup

/** What `init` accepts: a URL or path of `kefu_wasm_bg.wasm`, a Response, its bytes or a compiled module. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/**
 * Loads the WASM module. Call it once before using `Bot`; later calls do
 * nothing. Without `input`, browsers fetch `kefu_wasm_bg.wasm` next to
 * `index.js`, and Node reads it from disk.
 */
export function init(input?: InitInput | Promise<InitInput>): Promise<void>;

/** Loads the WASM module synchronously from its bytes or a compiled `WebAssembly.Module`. */
export function initSync(module: BufferSource | WebAssembly.Module): void;

/** The kefu version, such as `"0.1.0"`. */
export function version(): string;

/** The result schema version (`analysis.schema`): 1. */
export function schemaVersion(): number;

/** The bundle format version this build writes. */
export function formatVersion(): number;

/** Bytes of WASM linear memory (it grows and never shrinks; memory of freed bots is reused). */
export function wasmMemoryBytes(): number;

/** The seed `Bot.train` uses when none is given: 42 (the CLI's default too). */
export const DEFAULT_SEED: 42;

// ------------------------------------------------------------------- Bot

/** Options of `Bot.train`. */
export interface TrainOptions {
  /** Seed of every random choice (0..2^64; default 42). Same definition + same seed ⇒ byte-identical bundle. */
  seed?: number | bigint;
}

/** One message of `analyzeBatch`: its text, or the text with a context. */
export type BatchMessage = string | { text: string; context?: Context | null };

/**
 * A trained bot. Immutable: analyze as many messages as you like. Free its
 * WASM memory with `free()`; a bot that is garbage-collected is freed by a
 * `FinalizationRegistry`.
 */
export class Bot {
  private constructor();

  /**
   * Trains a bot from a definition: an object in the canonical JSON shape,
   * or its JSON text (then errors give line and column too).
   * @throws {DefinitionError} the definition is malformed (the message names the path, e.g. `intents.refund.exampels`)
   * @throws {PolicyError} the routing policy does not parse or type-check
   * @throws {LimitError} a documented limit is exceeded
   * @throws {TrainingError} no usable training data
   */
  static train(definition: BotDefinition | string, options?: TrainOptions): Bot;

  /**
   * Loads a bot from a bundle written by `toBytes()` or `kefu train`.
   * @throws {BundleError} bad magic, newer format, truncation, checksum mismatch, corrupt payload
   */
  static fromBytes(bytes: Uint8Array | ArrayBuffer | ArrayBufferView): Bot;

  /** The versioned binary bundle. */
  toBytes(): Uint8Array;

  /** The definition the bot was trained from, in the canonical JSON shape (the policy inline as `policy.source`). */
  definition(): BotDefinition;

  /**
   * Analyzes one customer message (result schema v1).
   *
   * `context` is optional; when it has no `now`, the current time is used
   * (kefu never reads a clock itself). `now: null` means no clock:
   * business-hours rules then see `now` as missing.
   * @throws {InvalidInputError} `text` is not a string; the context has an unknown key, a wrong type or an undeclared attribute (the message names the field)
   * @throws {LimitError} the text is over 64 KiB of UTF-8
   */
  analyze(text: string, context?: Context | null): Analysis;

  /**
   * Analyzes many messages; the analyses are in input order and equal to
   * calling `analyze` on each. One clock reading fills `now` for the whole
   * batch. An invalid message fails the whole call with an error that
   * names `messages[i]`.
   */
  analyzeBatch(messages: BatchMessage[]): Analysis[];

  /** Frees the bot's WASM memory now. Calling it again does nothing; any other use afterwards throws `InvalidInputError`. */
  free(): void;

  /** `using bot = Bot.train(…)` frees it at the end of the block. */
  [Symbol.dispose](): void;
}

// ----------------------------------------------------------------- errors

/** The stable numeric codes of the error kinds (the same in every binding). */
export const ErrorCode: Readonly<{
  INVALID_INPUT: 1;
  DEFINITION: 2;
  BUNDLE: 3;
  POLICY: 4;
  LIMIT: 5;
  TRAINING: 6;
  IO: 7;
  INTERNAL: 99;
}>;

/** The name of an error kind (`kefu::ErrorKind::name` in Rust). */
export type ErrorKindName =
  | 'invalid_input'
  | 'definition'
  | 'bundle'
  | 'policy'
  | 'limit'
  | 'training'
  | 'io'
  | 'internal';

/** The base class of every error kefu throws. The message names the place of the problem. */
export class KefuError extends Error {
  constructor(message: string, code?: number, kind?: string, options?: ErrorOptions);
  /** The stable numeric code: see `ErrorCode`. */
  readonly code: number;
  /** The kind's name: see `ErrorKindName`. */
  readonly kind: ErrorKindName | string;
}
/** A message, a context or another run-time input is invalid (code 1). */
export class InvalidInputError extends KefuError {
  constructor(message: string, options?: ErrorOptions);
  readonly code: 1;
  readonly kind: 'invalid_input';
}
/** The bot definition is malformed or inconsistent (code 2). */
export class DefinitionError extends KefuError {
  constructor(message: string, options?: ErrorOptions);
  readonly code: 2;
  readonly kind: 'definition';
}
/** A bundle could not be read (code 3). */
export class BundleError extends KefuError {
  constructor(message: string, options?: ErrorOptions);
  readonly code: 3;
  readonly kind: 'bundle';
}
/** The routing policy failed to parse or type-check (code 4). */
export class PolicyError extends KefuError {
  constructor(message: string, options?: ErrorOptions);
  readonly code: 4;
  readonly kind: 'policy';
}
/** An input exceeded a documented size limit (code 5). */
export class LimitError extends KefuError {
  constructor(message: string, options?: ErrorOptions);
  readonly code: 5;
  readonly kind: 'limit';
}
/** Training could not produce a model (code 6). */
export class TrainingError extends KefuError {
  constructor(message: string, options?: ErrorOptions);
  readonly code: 6;
  readonly kind: 'training';
}
/** An I/O or serialization error at the edge (code 7). */
export class IoError extends KefuError {
  constructor(message: string, options?: ErrorOptions);
  readonly code: 7;
  readonly kind: 'io';
}
/** A bug in kefu (code 99); `cause` holds the original error. */
export class InternalError extends KefuError {
  constructor(message: string, options?: ErrorOptions);
  readonly code: 99;
  readonly kind: 'internal';
}

// ------------------------------------------ result schema v1 (analysis.rs)

/** The full analysis of one customer message. */
export interface Analysis {
  /** Always 1 (`schemaVersion()`). */
  schema: number;
  /** The detected language. */
  language: LanguageResult;
  /** The intent, or out of scope. */
  intent: IntentResult;
  /** The FAQ answer, clarification candidates, or no answer. */
  faq: FaqResult;
  /** Sentiment, emotions and escalation. */
  sentiment: SentimentResult;
  /** Entities found in the text, in order of `start`. */
  entities: Entity[];
  /** The text with redacted entity kinds replaced by `[KIND]` placeholders. */
  redacted_text: string;
  /** The routing decision and why it was taken. */
  decision: Decision;
}

/** Language of a message. */
export interface LanguageResult {
  /** ISO 639-1 code (`"en"`, `"zh"`, `"es"`, …), or `"und"` when undetermined. */
  code: string;
  /** ISO 15924 script when it matters (`"Hans"`, `"Hant"`, `"Jpan"`, `"Latn"`, …). */
  script: string | null;
  /** The bot language tag chosen for replies (e.g. `"zh-Hant"`). */
  reply_language: string;
  /** Confidence in 0..1. */
  confidence: number;
  /** Whether the detection is reliable enough to act on. */
  reliable: boolean;
  /** A second language of a mixed message, with its share of the letters; `null` for single-language text. */
  secondary: SecondaryLanguage | null;
}

/** The second language of a mixed message. */
export interface SecondaryLanguage {
  /** ISO 639-1 code. */
  code: string;
  /** ISO 15924 script when known. */
  script: string | null;
  /** Its share of the message's letters (CJK characters count double), in 0..1. */
  share: number;
}

/** One ranked intent. */
export interface RankedIntent {
  /** Intent name. */
  intent: string;
  /** Calibrated probability in 0..1. */
  confidence: number;
}

/** Intent of a message. */
export interface IntentResult {
  /** The best intent, or `null` when out of scope. */
  top: string | null;
  /** Probability of the best in-scope intent, 0..1. */
  confidence: number;
  /** True when the message matches no intent well enough. */
  out_of_scope: boolean;
  /** True when the top two intents are too close to call. */
  ambiguous: boolean;
  /** Why the message is out of scope (`no_features`, `oos_class`, `below_threshold`); `null` when in scope. */
  oos_reason: string | null;
  /** The top-k intents, best first. */
  ranking: RankedIntent[];
}

/** Outcome of the FAQ lookup. */
export type FaqStatus = 'answer' | 'clarify' | 'no_answer';

/** One FAQ hit. */
export interface FaqHit {
  /** The FAQ entry id. */
  id: string;
  /** Similarity in 0..1. */
  score: number;
  /** The entry's first question in the reply language. */
  question: string;
  /** The answer in the reply language (or the bot's default language). */
  answer: string;
}

/** FAQ result. */
export interface FaqResult {
  /** `answer`, `clarify` or `no_answer`. */
  status: FaqStatus;
  /** Best hits first. */
  hits: FaqHit[];
}

/** Polarity label. */
export type SentimentLabel = 'negative' | 'neutral' | 'positive';

/** Emotion scores, each in 0..1. */
export interface Emotions {
  /** Anger, frustration. */
  anger: number;
  /** Worry, urgency. */
  anxiety: number;
  /** Disappointment, sadness. */
  sadness: number;
  /** Joy, satisfaction. */
  joy: number;
  /** Thanks. */
  gratitude: number;
}

/** Sentiment of a message. */
export interface SentimentResult {
  /** Polarity in -1..1. */
  score: number;
  /** The label derived from `score`. */
  label: SentimentLabel;
  /** Emotion scores. */
  emotions: Emotions;
  /** Escalation level 0 (none) to 3 (urgent). */
  escalation: number;
  /** Signals that raised the escalation (`asks_for_human`, `cancel_threat`, `profanity`, …). */
  signals: string[];
}

/**
 * One entity found in a message.
 *
 * Offsets: `start`/`end` are UTF-8 byte offsets; `char_start`/`char_end`
 * are Unicode code point offsets. JS strings are UTF-16, so slice with
 * `Array.from(text).slice(char_start, char_end).join('')`, or use `text`.
 */
export interface Entity {
  /** Kind: `email`, `phone`, `card`, `iban`, `money`, `date`, `url`, `ip`, or a custom kind. */
  kind: string;
  /** UTF-8 byte offset of the first byte. */
  start: number;
  /** UTF-8 byte offset one past the last byte. */
  end: number;
  /** Code point offset of the first character. */
  char_start: number;
  /** Code point offset one past the last character. */
  char_end: number;
  /** The matched text. */
  text: string;
  /** A normalized value (digits of a phone, ISO date, `"12.50 USD"`…). */
  value: string;
  /** Whether this kind is redacted in `redacted_text`. */
  redacted: boolean;
}

/** What the bot does with the message. */
export type Action = 'answer' | 'clarify' | 'handoff' | 'ticket';

/** One step of a decision trace: a rule and how its condition evaluated. */
export interface TraceStep {
  /** Rule name (`"default"` for the default action). */
  rule: string;
  /** Whether the rule's condition held. */
  matched: boolean;
  /** The condition's clauses with the values seen. */
  clauses: ClauseTrace[];
}

/** How one clause of a condition evaluated. */
export interface ClauseTrace {
  /** The clause as written in the policy. */
  clause: string;
  /** The value of the field(s) it read, as text (`"missing"` when absent). */
  value: string;
  /** The clause's result. */
  result: boolean;
}

/** The routing decision. */
export interface Decision {
  /** What to do. */
  action: Action;
  /** Target queue for `handoff` and `ticket`. */
  queue: string | null;
  /** Priority 0..9, higher is more urgent. */
  priority: number;
  /** Skills an agent needs. */
  skills: string[];
  /** Skills an agent should preferably have (routing prefers them but does not wait). */
  preferred_skills: string[];
  /** The reply for `answer` and `clarify` (a notice for `handoff`/`ticket`), in the reply language. */
  reply: string | null;
  /** Tags for the host app (e.g. `"vip"`). */
  tags: string[];
  /** Whether the session is locked (no bot replies until a human releases it). */
  locked: boolean;
  /** A suggested agent script for `handoff`/`ticket` (an id like `"soothing_opener"`, or the text). */
  script: string | null;
  /** The name of the rule that fired (`"default"` if none did). */
  rule: string;
  /** Why: every rule evaluated up to and including the one that fired. */
  trace: TraceStep[];
}

// --------------------------------------------------- context (context.rs)

/** Context of a message: what the app knows. Every field is optional; unknown keys are errors. */
export interface Context {
  /** Channel: `"web"`, `"app"`, `"email"`, `"whatsapp"`, `"phone"`, … */
  channel?: string | null;
  /** The customer. */
  customer?: Customer;
  /**
   * The current time, RFC 3339 with offset (`"2026-11-20T10:30:00+08:00"`)
   * or a Date. Omitted: the current time. `null`: no clock.
   */
  now?: string | Date | null;
  /** Facts about the conversation so far. */
  conversation?: ConversationFacts;
  /** Custom attributes, declared with their types in the definition's `context.attributes`. */
  attributes?: Record<string, AttributeValue>;
}

/** The customer behind a message. */
export interface Customer {
  /** The app's customer id. */
  id?: string | null;
  /** Tier, such as `"standard"`, `"gold"`, `"vip"`. */
  tier?: string | null;
  /** Lifetime value in the shop's currency. */
  lifetime_value?: number | null;
  /** Complaints in the last 90 days. */
  complaints_90d?: number | null;
  /** Preferred language tag (`"es"`, `"zh-Hant"`). */
  preferred_language?: string | null;
  /** IANA time zone (`"Europe/Madrid"`). */
  time_zone?: string | null;
}

/** Facts about the conversation so far, kept by the app. */
export interface ConversationFacts {
  /** Customer turns before this one. */
  turns?: number | null;
  /** Earlier bot turns that failed (out of scope or no answer). */
  failed_bot_turns?: number | null;
  /** Intents of earlier turns, oldest first. */
  previous_intents?: string[];
  /** Customer turns directly before this one with the same intent as this one. */
  same_intent_repeats?: number | null;
  /** Rising anger: consecutive increases of anger over the customer turns ending with this one (`>= 2`: across three turns). */
  sentiment_trend?: number | null;
  /** This turn or an earlier one asked for a human. */
  asked_for_human?: boolean | null;
}

/** The value of a custom attribute. */
export type AttributeValue = boolean | number | string;

// ------------------------------------------ bot definition (definition.rs)

/** A complete bot definition (canonical JSON shape; YAML is the CLI's authoring form). */
export interface BotDefinition {
  /** A display name. */
  name?: string;
  /** Language tags the bot serves; the first is the default reply language. */
  languages: string[];
  /** Intents by name. The name `oos` holds out-of-scope examples. */
  intents?: Record<string, IntentDef>;
  /** FAQ entries. */
  faq?: FaqEntry[];
  /**
   * Each canonical word or phrase with the alternatives customers use for it
   * (`{"coupon": ["voucher", "promo code"], "优惠券": ["代金券"]}`). FAQ
   * matching replaces every alternative by its canonical form.
   */
  synonyms?: Record<string, string[]>;
  /** Entity extraction and redaction settings. */
  entities?: EntityConfig;
  /** Sentiment lexicon additions. */
  sentiment?: SentimentConfig;
  /** The routing policy. */
  policy?: PolicyDef;
  /** Declared custom context attributes. */
  context?: ContextDecl;
}

/** One intent. */
export interface IntentDef {
  /** What the intent means, for people. */
  description?: string;
  /** Example messages by language tag. */
  examples?: Record<string, string[]>;
  /** Bot replies by language tag. */
  responses?: Record<string, string>;
}

/** One FAQ entry. */
export interface FaqEntry {
  /** Unique id. */
  id: string;
  /** Questions (the main one first, then paraphrases) by language tag. */
  questions: Record<string, string[]>;
  /** The answer by language tag. */
  answer: Record<string, string>;
  /** Free-form tags. */
  tags?: string[];
}

/** Entity settings. */
export interface EntityConfig {
  /** Built-in kinds to enable; absent enables all. */
  builtin?: string[];
  /** Custom kinds by name. */
  custom?: Record<string, CustomEntity>;
  /** Kinds replaced by `[KIND]` in `redacted_text`; absent means the default PII kinds. */
  redact?: string[];
}

/** A custom entity kind. */
export interface CustomEntity {
  /** A regular expression (regex-automata syntax), e.g. `SO-\\d{8}`. */
  pattern: string;
  /** What it is, for people. */
  description?: string;
}

/** Sentiment settings. */
export interface SentimentConfig {
  /** Extra lexicon entries by language tag: word or phrase → polarity in -1..1. */
  lexicon?: Record<string, Record<string, number>>;
}

/** The routing policy: its text in the kefu routing language. */
export interface PolicyDef {
  /** Policy text. */
  source?: string;
  /** A policy file: only loaders that read files resolve it (the CLI); give `source` here. */
  file?: string;
}

/** Declared custom context attributes. */
export interface ContextDecl {
  /** Attribute name → type. */
  attributes?: Record<string, AttributeType>;
}

/** The type of a custom context attribute. */
export type AttributeType = 'bool' | 'number' | 'string';
