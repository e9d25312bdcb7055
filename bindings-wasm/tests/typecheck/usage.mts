// Compiled (not run) by typecheck.test.mjs with `tsc --strict`: every
// function of index.d.ts used as documented, and wrong uses rejected.
import {
  init,
  initSync,
  version,
  schemaVersion,
  formatVersion,
  wasmMemoryBytes,
  DEFAULT_SEED,
  ErrorCode,
  Bot,
  KefuError,
  InvalidInputError,
  DefinitionError,
  BundleError,
  PolicyError,
  LimitError,
  TrainingError,
  IoError,
  InternalError,
  type Analysis,
  type BotDefinition,
  type Context,
  type Decision,
  type Entity,
  type FaqStatus,
  type Action,
  type ErrorKindName,
} from '../../pkg/index.js';

export async function usage(bytes: Uint8Array): Promise<string> {
  await init();
  await init(new URL('https://example.invalid/kefu_wasm_bg.wasm'));
  initSync(bytes);
  const v: string = version();
  const s: number = schemaVersion() + formatVersion() + wasmMemoryBytes() + DEFAULT_SEED + ErrorCode.LIMIT;

  const definition: BotDefinition = {
    languages: ['en'],
    intents: { a: { examples: { en: ['hi'] }, responses: { en: 'Hello' } }, b: { examples: { en: ['bye'] } } },
    faq: [{ id: 'ship', questions: { en: ['how long is shipping'] }, answer: { en: 'Two days.' }, tags: ['x'] }],
    entities: { builtin: ['email'], custom: { order_id: { pattern: 'SO-\\d{8}' } }, redact: ['email'] },
    sentiment: { lexicon: { en: { meh: -0.2 } } },
    policy: { source: 'default answer' },
    context: { attributes: { cart_value: 'number' } },
  };
  const bot = Bot.train(definition, { seed: 7n });
  const again = Bot.fromBytes(bot.toBytes());
  const d2: BotDefinition = again.definition();
  const ctx: Context = {
    channel: 'web',
    now: new Date(),
    customer: { id: 'c', tier: 'vip', lifetime_value: 3, complaints_90d: 1, preferred_language: 'en', time_zone: 'UTC' },
    conversation: { turns: 1, failed_bot_turns: 0, previous_intents: ['a'] },
    attributes: { cart_value: 3, vip: true, note: 'x' },
  };
  const a: Analysis = bot.analyze('hi', ctx);
  const none: Analysis = bot.analyze('hi', { now: null });
  const many: Analysis[] = bot.analyzeBatch(['hi', { text: 'bye', context: ctx }, { text: 'x' }]);
  const decision: Decision = a.decision;
  const action: Action = decision.action;
  const status: FaqStatus = a.faq.status;
  const top: string | null = a.intent.top;
  const e: Entity | undefined = a.entities[0];
  const anger: number = a.sentiment.emotions.anger;
  const clause: string | undefined = decision.trace[0]?.clauses[0]?.clause;
  {
    using temp = Bot.train(d2);
    temp.analyze('x');
  }
  bot.free();
  again.free();
  try {
    Bot.train(definition);
  } catch (err) {
    if (err instanceof KefuError) {
      const code: number = err.code;
      const kind: ErrorKindName | string = err.kind;
      void code;
      void kind;
    }
    if (err instanceof LimitError) {
      const five: 5 = err.code;
      void five;
    }
  }
  const errors: KefuError[] = [
    new InvalidInputError('m'),
    new DefinitionError('m'),
    new BundleError('m'),
    new PolicyError('m'),
    new LimitError('m'),
    new TrainingError('m'),
    new IoError('m'),
    new InternalError('m', { cause: 1 }),
    new KefuError('m', 1, 'invalid_input'),
  ];

  // @ts-expect-error text must be a string
  bot.analyze(42);
  // @ts-expect-error unknown context key
  bot.analyze('x', { chanel: 'web' });
  // @ts-expect-error `languages` is required
  Bot.train({ intents: {} });
  // @ts-expect-error seeds are numbers or bigints
  Bot.train(definition, { seed: '7' });
  // @ts-expect-error not constructible
  new Bot();
  // @ts-expect-error actions are a closed set
  const wrong: Action = 'escalate';

  return `${v} ${s} ${none.schema} ${many.length} ${action} ${status} ${top} ${e?.char_start} ${anger} ${clause} ${errors.length} ${wrong}`;
}
