/** The exported config, line-numbered and lightly highlighted. Line numbers are CSS, so a
 * selection copies only the config. */
import { memo, useMemo } from 'react';
import { highlightLine } from './configText';

export const ConfigPreview = memo(function ConfigPreview(props: { text: string }) {
  const lines = useMemo(() => props.text.replace(/\n$/, '').split('\n'), [props.text]);
  return (
    <pre
      className="config__preview"
      data-testid="config-preview"
      aria-label="pipeline.config preview"
      tabIndex={0}
    >
      <code>
        {lines.map((line, i) => (
          <span key={i} className="config__line" data-n={i + 1}>
            {highlightLine(line).map((token, j) =>
              token.kind === 'space' || token.kind === 'punct' ? (
                token.text
              ) : (
                <span key={j} className={`tp-${token.kind}`}>
                  {token.text}
                </span>
              ),
            )}
            {'\n'}
          </span>
        ))}
      </code>
    </pre>
  );
});
