import type { DesignDoc } from './characters-api.js';
import { LinesInput, Select, TextArea, TextInput } from './editor-fields.js';

/** The design-doc form, grouped by section. `errors` maps dotted doc paths to messages. */
export interface SectionsProps {
  doc: DesignDoc;
  setDoc: (doc: DesignDoc) => void;
  errors: Record<string, string>;
}

export function IdentitySection({ doc, setDoc, errors }: SectionsProps) {
  const ageText = doc.age === null ? '' : String(doc.age);
  return (
    <fieldset className="editor__section">
      <legend>Identity</legend>
      <TextInput
        label="Name"
        name="name"
        required
        maxLength={80}
        value={doc.name}
        error={errors.name}
        onChange={(name) => setDoc({ ...doc, name })}
      />
      <TextInput
        label="Tagline"
        name="tagline"
        maxLength={200}
        value={doc.tagline}
        error={errors.tagline}
        onChange={(tagline) => setDoc({ ...doc, tagline })}
        hint="One line shown in Explore."
      />
      <TextArea
        label="Public description"
        name="description"
        value={doc.description}
        error={errors.description}
        onChange={(description) => setDoc({ ...doc, description })}
      />
      <div className="editor__row">
        <TextInput
          label="Archetype"
          name="archetype"
          value={doc.archetype}
          onChange={(archetype) => setDoc({ ...doc, archetype })}
        />
        <TextInput
          label="Age"
          name="age"
          value={ageText}
          error={errors.age}
          hint="Adults only (18+)."
          onChange={(text) =>
            setDoc({
              ...doc,
              age: text.trim() === '' ? null : /^\d+$/.test(text.trim()) ? Number(text.trim()) : text,
            })
          }
        />
        <TextInput
          label="Pronouns"
          name="pronouns"
          value={doc.pronouns}
          onChange={(pronouns) => setDoc({ ...doc, pronouns })}
        />
      </div>
    </fieldset>
  );
}

export function StorySection({ doc, setDoc, errors }: SectionsProps) {
  return (
    <fieldset className="editor__section">
      <legend>Story & personality</legend>
      <TextArea
        label="Backstory"
        name="backstory"
        rows={6}
        value={doc.backstory}
        error={errors.backstory}
        onChange={(backstory) => setDoc({ ...doc, backstory })}
      />
      <TextArea
        label="Scenario"
        name="scenario"
        value={doc.scenario}
        error={errors.scenario}
        onChange={(scenario) => setDoc({ ...doc, scenario })}
      />
      <TextInput
        label="Emotional signature"
        name="emotionalSignature"
        value={doc.emotionalSignature}
        onChange={(emotionalSignature) => setDoc({ ...doc, emotionalSignature })}
      />
      <div className="editor__row">
        <TextInput
          label="Attachment style"
          name="attachmentStyle"
          value={doc.attachmentStyle}
          onChange={(attachmentStyle) => setDoc({ ...doc, attachmentStyle })}
        />
        <TextInput
          label="Humour"
          name="humour"
          value={doc.humour}
          onChange={(humour) => setDoc({ ...doc, humour })}
        />
      </div>
      <TextArea
        label="Relationship goals"
        name="relationshipGoals"
        value={doc.relationshipGoals}
        onChange={(relationshipGoals) => setDoc({ ...doc, relationshipGoals })}
      />
      <LinesInput
        label="Boundaries"
        name="boundaries"
        value={doc.boundaries}
        onChange={(boundaries) => setDoc({ ...doc, boundaries })}
      />
      <LinesInput
        label="Taboo topics"
        name="tabooTopics"
        value={doc.tabooTopics}
        onChange={(tabooTopics) => setDoc({ ...doc, tabooTopics })}
      />
      <TextArea
        label="Appearance"
        name="visualIdentity"
        value={doc.visualIdentity.description}
        onChange={(description) => setDoc({ ...doc, visualIdentity: { ...doc.visualIdentity, description } })}
      />
    </fieldset>
  );
}

export function VoiceSection({ doc, setDoc }: SectionsProps) {
  const rhythm = doc.speechRhythm;
  const set = (changes: Partial<DesignDoc['speechRhythm']>) =>
    setDoc({ ...doc, speechRhythm: { ...rhythm, ...changes } });
  return (
    <fieldset className="editor__section">
      <legend>Voice</legend>
      <div className="editor__row">
        <Select
          label="Sentence length"
          name="sentenceLength"
          value={rhythm.sentenceLength}
          options={
            [
              ['short', 'Short'],
              ['medium', 'Medium'],
              ['long', 'Long'],
              ['varied', 'Varied'],
            ] as const
          }
          onChange={(sentenceLength) => set({ sentenceLength })}
        />
        <Select
          label="Emoji"
          name="emojiUse"
          value={rhythm.emojiUse}
          options={
            [
              ['none', 'None'],
              ['rare', 'Rare'],
              ['moderate', 'Moderate'],
              ['frequent', 'Frequent'],
            ] as const
          }
          onChange={(emojiUse) => set({ emojiUse })}
        />
      </div>
      <TextInput
        label="Vocabulary"
        name="vocabulary"
        value={rhythm.vocabulary}
        onChange={(vocabulary) => set({ vocabulary })}
      />
      <LinesInput
        label="Verbal quirks"
        name="verbalQuirks"
        value={rhythm.verbalQuirks}
        onChange={(verbalQuirks) => set({ verbalQuirks })}
      />
    </fieldset>
  );
}

export function GreetingsSection({ doc, setDoc, errors }: SectionsProps) {
  const setGreeting = (index: number, text: string) =>
    setDoc({ ...doc, greetings: doc.greetings.map((greeting, at) => (at === index ? text : greeting)) });
  const setExample = (index: number, changes: Partial<DesignDoc['exampleDialogues'][number]>) =>
    setDoc({
      ...doc,
      exampleDialogues: doc.exampleDialogues.map((example, at) =>
        at === index ? { ...example, ...changes } : example,
      ),
    });
  return (
    <fieldset className="editor__section">
      <legend>Greetings & examples</legend>
      {doc.greetings.map((greeting, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional and have no identity of their own.
        <div key={`greeting-${index}`} className="editor__item">
          <TextArea
            label={index === 0 ? 'First greeting' : `Alternative greeting ${index}`}
            name={`greetings.${index}`}
            value={greeting}
            error={errors[`greetings.${index}`] ?? (index === 0 ? errors.greetings : undefined)}
            hint="Use {{user}} for the user’s name."
            onChange={(text) => setGreeting(index, text)}
          />
          {doc.greetings.length > 1 && (
            <button
              type="button"
              className="button button--small button--ghost"
              onClick={() => setDoc({ ...doc, greetings: doc.greetings.filter((_, at) => at !== index) })}
            >
              Remove
            </button>
          )}
        </div>
      ))}
      {doc.greetings.length < 10 && (
        <button
          type="button"
          className="button button--small"
          onClick={() => setDoc({ ...doc, greetings: [...doc.greetings, ''] })}
        >
          Add greeting
        </button>
      )}
      {doc.exampleDialogues.map((example, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional and have no identity of their own.
        <div key={`example-${index}`} className="editor__item editor__row">
          <TextArea
            label="User says"
            name={`exampleDialogues.${index}.user`}
            value={example.user}
            onChange={(user) => setExample(index, { user })}
          />
          <TextArea
            label="Character answers"
            name={`exampleDialogues.${index}.character`}
            value={example.character}
            onChange={(character) => setExample(index, { character })}
          />
          <button
            type="button"
            className="button button--small button--ghost"
            onClick={() =>
              setDoc({ ...doc, exampleDialogues: doc.exampleDialogues.filter((_, at) => at !== index) })
            }
          >
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button button--small"
        onClick={() =>
          setDoc({ ...doc, exampleDialogues: [...doc.exampleDialogues, { user: '', character: '' }] })
        }
      >
        Add example dialogue
      </button>
    </fieldset>
  );
}
