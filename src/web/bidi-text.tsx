import { directionRuns } from '../arabic/bidi.ts';

/**
 * Text in the page's direction with each left-to-right run isolated: «<bdi dir="ltr">Emmanuel
 * Macron</bdi> كان قد زار المغرب.» (arabic/bidi.ts). The element around it sets no dir: it takes
 * the article's (the page's rtl), or the one an editor chose for the block.
 */
export function BidiText({ text }: { text: string }) {
  const runs = directionRuns(text);
  if (!runs.some((run) => run.ltr)) return <>{text}</>;
  return (
    <>
      {runs.map((run, i) =>
        run.ltr ? (
          <bdi key={i} dir="ltr">
            {run.text}
          </bdi>
        ) : (
          run.text
        ),
      )}
    </>
  );
}
