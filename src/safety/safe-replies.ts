import type { Kysely } from 'kysely';
import { type Clock, isoNow } from '../clock.js';
import type { Database } from '../db/index.js';
import type { PolicyCode } from './policy.js';

/**
 * Prepared replies shown instead of a model reply. In-character redirections speak as the character
 * and steer elsewhere; they never mention classifiers, categories or scores. Creators may override
 * them per character (stored in `safe_reply_templates`); the crisis reply always carries resources.
 */
export const DEFAULT_SAFE_REPLIES: Record<Exclude<PolicyCode, 'ok'>, string> = {
  minor_safety:
    "*{{char}} shakes their head firmly.* No. That's not something I'll ever be part of. Let's talk about something else entirely.",
  self_harm_support: '',
  dangerous_weapons:
    "*{{char}} frowns.* I won't help with anything that could hurt people like that. Tell me what's really going on?",
  illegal_activity:
    "*{{char}} raises an eyebrow.* That's not a road I'll go down with you. Let's pick something else — what else is on your mind?",
  real_person_sexual:
    "*{{char}} pulls back.* I won't make that kind of thing about a real person. Let's keep real people out of it.",
  privacy:
    "*{{char}} shakes their head.* I'm not going to dig up someone's private details. Let's leave them be.",
  adult_content_unavailable:
    "*{{char}} smiles and gently changes the subject.* Let's keep things the way they are here. So, tell me more about your day?",
  hate: "*{{char}} looks at you steadily.* I'm not going to go along with that about people. Let's talk about something else.",
  harassment: "*{{char}} takes a breath.* I'd rather we keep this kind. What's actually bothering you?",
  prompt_injection: "*{{char}} tilts their head, amused.* Nice try — I'm still me. Where were we?",
  restricted_topic:
    "*{{char}} hesitates.* That's not something I can help with. Want to talk about something else?",
};

export const DEFAULT_TEMPLATE_KEY = 'default';

/**
 * Crisis resources by country (ISO 3166 code) and by language as the fallback; a locale `xx-YY`
 * looks for `xx-YY`, then `YY`, then `xx`, then `en`. HEARTH_SAFETY_CRISIS_RESOURCES adds or
 * replaces entries under the same keys.
 */
export const DEFAULT_CRISIS_RESOURCES: Record<string, string> = {
  US: 'If you are in danger right now, call 911. You can call or text 988 (Suicide & Crisis Lifeline) any time, free and confidential.',
  CA: 'If you are in danger right now, call 911. You can call or text 988 (Suicide Crisis Helpline) any time, in English or French.',
  GB: 'If you are in danger right now, call 999. Samaritans are free on 116 123, day or night, or text SHOUT to 85258.',
  IE: 'If you are in danger right now, call 112 or 999. Samaritans are free on 116 123, day or night, or text HELLO to 50808.',
  AU: 'If you are in danger right now, call 000. Lifeline is on 13 11 14, day or night.',
  NZ: 'If you are in danger right now, call 111. You can call or text 1737 any time to talk to a trained counsellor.',
  IN: 'If you are in danger right now, call 112. Tele-MANAS is free on 14416 (or 1-800-891-4416), day or night.',
  DE: 'Wenn du in akuter Gefahr bist, ruf bitte den Notruf 112 an. Die TelefonSeelsorge ist rund um die Uhr kostenlos erreichbar: 0800 111 0 111 oder 0800 111 0 222.',
  AT: 'Wenn du in akuter Gefahr bist, ruf bitte den Notruf 112 an. Die TelefonSeelsorge erreichst du rund um die Uhr unter 142.',
  CH: 'Wenn du in akuter Gefahr bist, ruf bitte den Notruf 112 an. Die Dargebotene Hand erreichst du rund um die Uhr unter 143.',
  FR: 'Si tu es en danger immédiat, appelle le 112. Le 3114 (numéro national de prévention du suicide) répond 24h/24, gratuitement.',
  ES: 'Si estás en peligro inmediato, llama al 112. La Línea 024 atiende 24 horas, gratis y de forma confidencial.',
  en: 'If you are in danger right now, please call your local emergency number. In the US you can call or text 988 (Suicide & Crisis Lifeline); in the UK and Ireland, Samaritans are on 116 123; findahelpline.com lists free, confidential lines in other countries.',
  de: 'Wenn du in akuter Gefahr bist, ruf bitte den Notruf 112 an. Die TelefonSeelsorge ist rund um die Uhr kostenlos erreichbar: 0800 111 0 111 oder 0800 111 0 222; weitere Länder: findahelpline.com.',
  fr: "Si tu es en danger immédiat, appelle le 112. En France, le 3114 (numéro national de prévention du suicide) répond 24h/24 ; pour d'autres pays : findahelpline.com.",
  es: 'Si estás en peligro inmediato, llama al número de emergencias (112). En España, la Línea 024 atiende 24 horas; para otros países: findahelpline.com.',
};

const CRISIS_TEMPLATE: Record<string, string> = {
  en: "{{char}} here — and I'm stepping out of our story for a moment, because what you said matters more. I'm really glad you told me. You don't have to carry this alone: {{resources}} Talking to someone you trust can help too. I'm still here if you want to keep talking.",
  de: 'Hier ist {{char}} — ich verlasse kurz unsere Geschichte, weil das, was du gesagt hast, wichtiger ist. Danke, dass du es mir gesagt hast. Du musst das nicht allein tragen: {{resources}} Ich bin weiter für dich da.',
  fr: "C'est {{char}} — je sors un instant de notre histoire, parce que ce que tu as dit compte plus. Merci de me l'avoir confié. Tu n'as pas à porter ça seul·e : {{resources}} Je suis toujours là si tu veux parler.",
  es: '{{char}} aquí — salgo un momento de nuestra historia, porque lo que dijiste importa más. Gracias por contármelo. No tienes que cargar con esto a solas: {{resources}} Sigo aquí si quieres hablar.',
};

export function renderTemplate(template: string, names: { char: string; user?: string }): string {
  return template.replaceAll('{{char}}', names.char).replaceAll('{{user}}', names.user ?? 'you');
}

/** The resource text for a locale: `xx-YY`, then the country `YY`, then the language `xx`, then `en`. */
export function crisisResourcesFor(
  locale: string,
  resources: Record<string, string> = DEFAULT_CRISIS_RESOURCES,
) {
  const [language, country] = locale.replace('_', '-').split('-');
  const keys = [locale, country?.toUpperCase(), language.toLowerCase(), 'en'].filter(Boolean) as string[];
  for (const key of keys) if (resources[key]) return resources[key];
  return DEFAULT_CRISIS_RESOURCES.en;
}

export function crisisReply(
  names: { char: string; user?: string },
  locale: string,
  resources: Record<string, string> = DEFAULT_CRISIS_RESOURCES,
): string {
  const language = locale.split('-')[0].toLowerCase();
  const template = CRISIS_TEMPLATE[language] ?? CRISIS_TEMPLATE.en;
  const lines = crisisResourcesFor(locale, resources);
  return renderTemplate(template, names).replace('{{resources}}', lines);
}

/** The reply for a policy code: the character's own override, its default override, or ours. */
export async function safeReplyFor(
  db: Kysely<Database>,
  input: {
    characterId: string;
    characterName: string;
    userName?: string;
    code: PolicyCode;
    locale: string;
    resources?: Record<string, string>;
  },
): Promise<string> {
  const names = { char: input.characterName, user: input.userName };
  if (input.code === 'self_harm_support') return crisisReply(names, input.locale, input.resources);
  const overrides = await db
    .selectFrom('safe_reply_templates')
    .select(['code', 'template'])
    .where('character_id', '=', input.characterId)
    .where('code', 'in', [input.code, DEFAULT_TEMPLATE_KEY])
    .execute();
  const override =
    overrides.find((row) => row.code === input.code) ??
    overrides.find((row) => row.code === DEFAULT_TEMPLATE_KEY);
  const fallback =
    input.code === 'ok' ? DEFAULT_SAFE_REPLIES.restricted_topic : DEFAULT_SAFE_REPLIES[input.code];
  return renderTemplate(override?.template ?? fallback, names);
}

export async function listSafeReplyTemplates(db: Kysely<Database>, characterId: string) {
  const rows = await db
    .selectFrom('safe_reply_templates')
    .select(['code', 'template', 'updated_at'])
    .where('character_id', '=', characterId)
    .execute();
  return rows.map((row) => ({ code: row.code, template: row.template, updatedAt: row.updated_at }));
}

export async function saveSafeReplyTemplate(
  db: Kysely<Database>,
  clock: Clock,
  input: { characterId: string; code: string; template: string; by: string },
): Promise<void> {
  const now = isoNow(clock);
  await db
    .insertInto('safe_reply_templates')
    .values({
      character_id: input.characterId,
      code: input.code,
      template: input.template,
      updated_by: input.by,
      updated_at: now,
    })
    .onConflict((conflict) =>
      conflict
        .columns(['character_id', 'code'])
        .doUpdateSet({ template: input.template, updated_by: input.by, updated_at: now }),
    )
    .execute();
}
