import { useEffect, useRef, useState } from 'preact/hooks';
import { baseKeymap, setBlockType } from 'prosemirror-commands';
import { history, redo, undo } from 'prosemirror-history';
import { keymap } from 'prosemirror-keymap';
import type { NodeType, Node as ProseMirrorNode } from 'prosemirror-model';
import { liftListItem, sinkListItem, splitListItem, wrapInList } from 'prosemirror-schema-list';
import { type Command, EditorState, type Transaction } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import type { Block } from '../../../content/blocks.ts';
import { embedFromUrl } from '../../../content/embeds.ts';
import { blocksToDoc, bodySchema, docToBlocks } from './body-schema.ts';
import type { EditorApi } from './editor-api.ts';
import { LibraryChooser, type LibraryImage, libraryText } from './image-picker.tsx';

/**
 * The body of the article: a ProseMirror editor with a toolbar for the kinds of blocks the
 * newspaper prints (paragraph, subheading, quote, lists, image, embed) and links. It reports
 * every change as blocks; `version` changing replaces its content (a restored revision, a merge).
 */
export function BodyEditor({
  blocks,
  version,
  editable,
  onChange,
  api,
  csrfToken,
}: {
  blocks: Block[];
  version: number;
  editable: boolean;
  onChange: (blocks: Block[]) => void;
  /** For the image panel's media library (search, upload). */
  api: EditorApi;
  csrfToken: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;
  const editableRef = useRef(editable);
  editableRef.current = editable;
  const [panel, setPanel] = useState<'link' | 'image' | 'embed' | null>(null);
  const [, setTick] = useState(0);

  useEffect(() => {
    if (!host.current) return;
    const created = new EditorView(host.current, {
      state: newState(blocks),
      editable: () => editableRef.current,
      attributes: { class: 'body-editor__text', 'aria-label': 'نص المقال', 'aria-multiline': 'true', role: 'textbox' },
      dispatchTransaction(this: EditorView, tr: Transaction) {
        const next = this.state.apply(tr);
        this.updateState(next);
        setTick((n) => n + 1);
        if (tr.docChanged) changed.current(docToBlocks(next.doc));
      },
    });
    view.current = created;
    return () => created.destroy();
    // The editor is made once; new content comes through `version`.
  }, []);

  useEffect(() => {
    if (view.current && version > 0) view.current.updateState(newState(blocks));
  }, [version]);

  useEffect(() => {
    view.current?.setProps({ editable: () => editable });
  }, [editable]);

  const run = (command: Command) => {
    const v = view.current;
    if (!v) return;
    command(v.state, v.dispatch);
    v.focus();
  };
  const insert = (type: NodeType, attrs: Record<string, unknown>) => {
    const v = view.current;
    if (!v) return;
    v.dispatch(v.state.tr.replaceSelectionWith(type.create(attrs)).scrollIntoView());
    setPanel(null);
    v.focus();
  };
  const s = bodySchema;
  const active = view.current ? blockTypeAt(view.current.state) : 'paragraph';
  const ltr = view.current ? topBlockAt(view.current.state)?.attrs.dir === 'ltr' : false;

  return (
    <div class="body-editor">
      {editable && (
        <div class="toolbar" role="toolbar" aria-label="تنسيق النص">
          <ToolButton
            label="فقرة"
            pressed={active === 'paragraph'}
            onClick={() => run(setBlockType(s.nodes.paragraph!))}
          />
          <ToolButton
            label="عنوان فرعي"
            pressed={active === 'heading'}
            onClick={() => run(setBlockType(s.nodes.heading!, { level: 2 }))}
          />
          <ToolButton label="اقتباس" pressed={active === 'quote'} onClick={() => run(setBlockType(s.nodes.quote!))} />
          <ToolButton label="من اليسار" pressed={ltr} onClick={() => run(toggleLeftToRight)} />
          <ToolButton label="قائمة نقطية" onClick={() => run(wrapInList(s.nodes.bullet_list!))} />
          <ToolButton label="قائمة مرقمة" onClick={() => run(wrapInList(s.nodes.ordered_list!))} />
          <ToolButton
            label="رابط"
            pressed={panel === 'link'}
            onClick={() => setPanel(panel === 'link' ? null : 'link')}
          />
          <ToolButton
            label="صورة"
            pressed={panel === 'image'}
            onClick={() => setPanel(panel === 'image' ? null : 'image')}
          />
          <ToolButton
            label="تضمين"
            pressed={panel === 'embed'}
            onClick={() => setPanel(panel === 'embed' ? null : 'embed')}
          />
          <ToolButton label="تراجع" onClick={() => run(undo)} />
          <ToolButton label="إعادة" onClick={() => run(redo)} />
        </div>
      )}
      {panel === 'link' && (
        <LinkPanel
          onApply={(href) => {
            const v = view.current;
            if (!v) return false;
            const { from, to } = v.state.selection;
            if (from === to) return false;
            const link = s.marks.link!;
            let tr = v.state.tr.removeMark(from, to, link);
            if (href) tr = tr.addMark(from, to, link.create({ href }));
            v.dispatch(tr);
            setPanel(null);
            v.focus();
            return true;
          }}
          onCancel={() => setPanel(null)}
        />
      )}
      {panel === 'image' && (
        <ImagePanel
          api={api}
          csrfToken={csrfToken}
          onInsert={(attrs) => insert(s.nodes.image!, attrs)}
          onCancel={() => setPanel(null)}
        />
      )}
      {panel === 'embed' && (
        <EmbedPanel onInsert={(attrs) => insert(s.nodes.embed!, attrs)} onCancel={() => setPanel(null)} />
      )}
      <div ref={host} class="body-editor__host" />
    </div>
  );
}

function newState(blocks: Block[]): EditorState {
  const s = bodySchema;
  return EditorState.create({
    doc: blocksToDoc(blocks),
    plugins: [
      history(),
      keymap({
        'Mod-z': undo,
        'Mod-y': redo,
        'Shift-Mod-z': redo,
        Enter: splitListItem(s.nodes.list_item!),
        Tab: sinkListItem(s.nodes.list_item!),
        'Shift-Tab': liftListItem(s.nodes.list_item!),
      }),
      keymap(baseKeymap),
    ],
  });
}

/** The body block around the cursor: a paragraph, heading or quote, or the whole list. */
function topBlockAt(state: EditorState): ProseMirrorNode | undefined {
  const { $from } = state.selection;
  return $from.depth >= 1 ? $from.node(1) : undefined;
}

/**
 * «من اليسار»: the block at the cursor reads left to right (a paragraph in French), or back to
 * the article's direction. Blocks never take a direction from their first letter.
 */
const toggleLeftToRight: Command = (state, dispatch) => {
  const block = topBlockAt(state);
  if (!block || !('dir' in block.attrs)) return false;
  if (dispatch) {
    const pos = state.selection.$from.before(1);
    dispatch(state.tr.setNodeMarkup(pos, undefined, { ...block.attrs, dir: block.attrs.dir === 'ltr' ? null : 'ltr' }));
  }
  return true;
};

function blockTypeAt(state: EditorState): string {
  return state.selection.$from.parent.type.name;
}

function ToolButton({ label, pressed, onClick }: { label: string; pressed?: boolean; onClick: () => void }) {
  return (
    <button
      type="button"
      class="toolbar__button"
      aria-pressed={pressed === undefined ? undefined : pressed}
      // Keep the text selection: the button acts on it.
      onMouseDown={(event) => event.preventDefault()}
      onClick={onClick}
    >
      {label}
    </button>
  );
}

/** `onApply` answers false when no text is selected to carry the link. */
function LinkPanel({ onApply, onCancel }: { onApply: (href: string) => boolean; onCancel: () => void }) {
  const [href, setHref] = useState('');
  const [error, setError] = useState('');
  return (
    <form
      class="insert-panel"
      onSubmit={(event) => {
        event.preventDefault();
        if (href.trim() !== '' && !/^https?:\/\/\S+$/i.test(href.trim())) {
          setError('اكتب رابطا كاملا يبدأ بـ https://');
          return;
        }
        if (!onApply(href.trim())) setError('حدد في النص الكلمات التي يحملها الرابط، ثم اضغط «رابط».');
      }}
    >
      <label>
        رابط النص المحدد (اتركه فارغا لإزالة الرابط)
        <input
          type="url"
          dir="ltr"
          value={href}
          onInput={(e) => setHref(e.currentTarget.value)}
          placeholder="https://"
        />
      </label>
      {error && (
        <p role="alert" class="field-error">
          {error}
        </p>
      )}
      <div class="insert-panel__actions">
        <button type="submit">تطبيق</button>
        <button type="button" class="secondary" onClick={onCancel}>
          إلغاء
        </button>
      </div>
    </form>
  );
}

/**
 * «صورة»: an image from the media library (searched, or uploaded here, with LibraryChooser as
 * for the featured image), inserted with its `mediaId`, `src`, `width` and `height` and the
 * library's alt text, caption and credit as defaults the journalist may change first; or an
 * outside image by its address. A typed `/media/…` address of a library file is named by the
 * server when the article is saved (store/newsroom-articles.ts).
 */
function ImagePanel({
  api,
  csrfToken,
  onInsert,
  onCancel,
}: {
  api: EditorApi;
  csrfToken: string;
  onInsert: (attrs: Record<string, unknown>) => void;
  onCancel: () => void;
}) {
  const [picked, setPicked] = useState<LibraryImage | null>(null);
  const [src, setSrc] = useState('');
  const [alt, setAlt] = useState('');
  const [caption, setCaption] = useState('');
  const [credit, setCredit] = useState('');
  const [error, setError] = useState('');
  const pick = (image: LibraryImage) => {
    setPicked(image);
    setSrc(image.url);
    setAlt(libraryText('alt', alt, image, picked));
    setCaption(libraryText('caption', caption, image, picked));
    setCredit(libraryText('credit', credit, image, picked));
    setError('');
  };
  // The picked image while its address is the one in the field (another address: an outside image).
  const library = picked && src.trim() === picked.url ? picked : null;
  return (
    <form
      class="insert-panel"
      onSubmit={(event) => {
        event.preventDefault();
        if (!/^(https?:\/\/|\/(?!\/))\S+$/i.test(src.trim())) {
          setError('اختر صورة من المكتبة، أو اكتب رابط الصورة (يبدأ بـ https:// أو بـ /media/).');
          return;
        }
        if (alt.trim() === '') {
          setError('صف الصورة لمن لا يراها: الوصف البديل مطلوب.');
          return;
        }
        onInsert({
          src: src.trim(),
          alt: alt.trim(),
          caption: caption.trim(),
          credit: credit.trim(),
          ...(library ? { mediaId: library.id, width: library.width, height: library.height } : {}),
        });
      }}
    >
      <LibraryChooser
        chosen={library}
        none="لم تُختر صورة من المكتبة."
        disabled={false}
        api={api}
        csrfToken={csrfToken}
        onPick={pick}
      />
      <label>
        رابط الصورة (أو الصق رابط صورة من خارج المكتبة)
        <input dir="ltr" value={src} onInput={(e) => setSrc(e.currentTarget.value)} placeholder="https://" />
      </label>
      <label>
        الوصف البديل
        <input value={alt} onInput={(e) => setAlt(e.currentTarget.value)} />
      </label>
      <label>
        التعليق
        <input value={caption} onInput={(e) => setCaption(e.currentTarget.value)} />
      </label>
      <label>
        المصدر
        <input value={credit} onInput={(e) => setCredit(e.currentTarget.value)} />
      </label>
      {error && (
        <p role="alert" class="field-error">
          {error}
        </p>
      )}
      <div class="insert-panel__actions">
        <button type="submit">إدراج الصورة</button>
        <button type="button" class="secondary" onClick={onCancel}>
          إلغاء
        </button>
      </div>
    </form>
  );
}

function EmbedPanel({
  onInsert,
  onCancel,
}: {
  onInsert: (attrs: Record<string, unknown>) => void;
  onCancel: () => void;
}) {
  const [url, setUrl] = useState('');
  const [error, setError] = useState('');
  return (
    <form
      class="insert-panel"
      onSubmit={(event) => {
        event.preventDefault();
        const embed = embedFromUrl(url);
        if (!embed) {
          setError('رابط غير مدعوم: الصق رابط فيديو يوتيوب، أو تدوينة على إكس، أو منشور على فيسبوك.');
          return;
        }
        onInsert({ provider: embed.provider, url: embed.url, title: '' });
      }}
    >
      <label>
        رابط يوتيوب أو إكس أو فيسبوك
        <input type="url" dir="ltr" value={url} onInput={(e) => setUrl(e.currentTarget.value)} placeholder="https://" />
      </label>
      {error && (
        <p role="alert" class="field-error">
          {error}
        </p>
      )}
      <div class="insert-panel__actions">
        <button type="submit">تضمين</button>
        <button type="button" class="secondary" onClick={onCancel}>
          إلغاء
        </button>
      </div>
    </form>
  );
}
