import type { MediaRef } from '../../api/chats.js';

/** Photos, voice notes and clips attached to a reply. Locked items show a tile, never the content. */
export function MessageMedia({ media, characterName }: { media: MediaRef[]; characterName: string }) {
  if (media.length === 0) return null;
  return (
    <div className="message__media">
      {media.map((item) => {
        if (item.locked) {
          return (
            <div key={item.id} className="media-locked">
              <span aria-hidden="true">🔒</span> Locked {item.kind === 'image' ? 'photo' : item.kind}
            </div>
          );
        }
        if (item.kind === 'image') {
          return <img key={item.id} src={item.url} alt={`Sent by ${characterName}`} loading="lazy" />;
        }
        return <MediaPlayer key={item.id} item={item} characterName={characterName} />;
      })}
    </div>
  );
}

function MediaPlayer({ item, characterName }: { item: MediaRef; characterName: string }) {
  const label = `${item.kind === 'audio' ? 'Voice note' : 'Clip'} from ${characterName}`;
  // Generated voice notes and clips come without caption tracks; the reply text carries the words.
  if (item.kind === 'audio') {
    // biome-ignore lint/a11y/useMediaCaption: no caption track exists for generated audio
    return <audio src={item.url} controls preload="none" aria-label={label} />;
  }
  // biome-ignore lint/a11y/useMediaCaption: no caption track exists for generated clips
  return <video src={item.url} controls preload="none" aria-label={label} />;
}
