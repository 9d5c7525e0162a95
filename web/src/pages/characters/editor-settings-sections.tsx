import type { RuntimeRules } from './characters-api.js';
import { LinesInput, NumberInput, Select, TextArea, TextInput } from './editor-fields.js';
import type { SectionsProps } from './editor-sections.js';

/** The owner-only settings of a design doc: hidden runtime rules and how it is listed in the catalog. */
export function RuntimeSection({ doc, setDoc }: SectionsProps) {
  const rules = doc.runtime as RuntimeRules;
  const set = (changes: Partial<RuntimeRules>) => setDoc({ ...doc, runtime: { ...rules, ...changes } });
  const pace = rules.familiarityPace;
  const reactions = rules.reactions;
  return (
    <fieldset className="editor__section editor__section--hidden">
      <legend>Hidden runtime rules</legend>
      <p className="field__hint">Only you and moderators see these; they shape the model’s behaviour.</p>
      <div className="editor__row">
        <NumberInput
          label="Exchanges to acquaintance"
          name="toAcquaintance"
          min={1}
          max={1000}
          value={pace.toAcquaintance}
          onChange={(value) => set({ familiarityPace: { ...pace, toAcquaintance: value } })}
        />
        <NumberInput
          label="…to friend"
          name="toFriend"
          min={1}
          max={1000}
          value={pace.toFriend}
          onChange={(value) => set({ familiarityPace: { ...pace, toFriend: value } })}
        />
        <NumberInput
          label="…to close"
          name="toClose"
          min={1}
          max={5000}
          value={pace.toClose}
          onChange={(value) => set({ familiarityPace: { ...pace, toClose: value } })}
        />
      </div>
      <div className="editor__row">
        <Select
          label="Follow-up questions"
          name="followUpQuestions"
          value={rules.followUpQuestions}
          options={
            [
              ['rare', 'Rarely'],
              ['sometimes', 'Sometimes'],
              ['often', 'Often'],
            ] as const
          }
          onChange={(followUpQuestions) => set({ followUpQuestions })}
        />
        <Select
          label="Send media"
          name="mediaWhen"
          value={rules.media.when}
          options={
            [
              ['never', 'Never'],
              ['on_request', 'When asked'],
              ['contextual', 'When it fits'],
              ['often', 'Often'],
            ] as const
          }
          onChange={(when) => set({ media: { ...rules.media, when } })}
        />
      </div>
      <TextInput
        label="When the user goes silent"
        name="silence"
        value={reactions.silence}
        onChange={(silence) => set({ reactions: { ...reactions, silence } })}
      />
      <TextInput
        label="On jealousy"
        name="jealousy"
        value={reactions.jealousy}
        onChange={(jealousy) => set({ reactions: { ...reactions, jealousy } })}
      />
      <TextInput
        label="On praise"
        name="praise"
        value={reactions.praise}
        onChange={(praise) => set({ reactions: { ...reactions, praise } })}
      />
      <TextInput
        label="When refusing"
        name="refusal"
        value={reactions.refusal}
        onChange={(refusal) => set({ reactions: { ...reactions, refusal } })}
      />
      <label className="field field--check">
        <input
          type="checkbox"
          name="proactive"
          checked={rules.proactive.enabled}
          onChange={(event) => set({ proactive: { ...rules.proactive, enabled: event.target.checked } })}
        />
        May message first after a long silence
      </label>
      <TextArea
        label="Private notes for the model"
        name="notes"
        value={rules.notes}
        onChange={(notes) => set({ notes })}
      />
    </fieldset>
  );
}

export function PublishingSection({
  doc,
  setDoc,
  errors,
  allowFork,
  setAllowFork,
}: SectionsProps & { allowFork: boolean; setAllowFork: (value: boolean) => void }) {
  return (
    <fieldset className="editor__section">
      <legend>Catalog</legend>
      <div className="editor__row">
        <Select
          label="Rating"
          name="rating"
          value={doc.rating}
          options={
            [
              ['sfw', 'SFW'],
              ['nsfw', 'NSFW (18+, opted-in users only)'],
            ] as const
          }
          onChange={(rating) => setDoc({ ...doc, rating })}
        />
        <Select
          label="Visibility when published"
          name="visibility"
          value={doc.visibility}
          options={
            [
              ['private', 'Private'],
              ['unlisted', 'Unlisted (link only)'],
              ['public', 'Public (listed in Explore)'],
            ] as const
          }
          onChange={(visibility) => setDoc({ ...doc, visibility })}
        />
      </div>
      <LinesInput
        label="Tags"
        name="tags"
        separator="comma"
        value={doc.tags}
        error={errors.tags}
        onChange={(tags) => setDoc({ ...doc, tags })}
      />
      <label className="field field--check">
        <input
          type="checkbox"
          name="allowFork"
          checked={allowFork}
          onChange={(event) => setAllowFork(event.target.checked)}
        />
        Let others fork (copy) this character
      </label>
    </fieldset>
  );
}
