/** Badges of the chat codes (intent, emotion, channel, language), labelled in the UI language. */
import type { ReactNode } from 'react';
import { Badge, useComputedColorScheme } from '@mantine/core';
import { useCodeLabel } from '../../codes';

// The tint carries the emotion; in the light scheme the text is dark on every tint, so it keeps a 4.5:1 contrast on
// the striped rows; in the dark scheme the tints are deep, and the theme's light text is kept.
const EMOTION_COLOR: Record<string, string> = { angry: 'red', anxious: 'orange', disappointed: 'grape', confused: 'yellow', satisfied: 'teal', neutral: 'gray' };

/** Badges show their whole label: never clipped by a narrow cell (the row grows instead). */
const WHOLE = { root: { maxWidth: 'none', overflow: 'visible', flexShrink: 0 }, label: { overflow: 'visible', textOverflow: 'clip' } } as const;

/** An emotion badge (nothing when the message was not analysed). */
export function EmotionBadge({ emotion }: { emotion: string | null }): ReactNode {
  const label = useCodeLabel();
  const dark = useComputedColorScheme('light') === 'dark';
  if (!emotion) return null;
  return (
    <Badge color={EMOTION_COLOR[emotion] ?? 'gray'} variant="light" c={dark ? 'gray.0' : 'dark.7'} tt="none" styles={WHOLE} data-testid="emotion-badge">
      {label('emotion', emotion)}
    </Badge>
  );
}

/** An intent badge. */
export function IntentBadge({ intent }: { intent: string | null }): ReactNode {
  const label = useCodeLabel();
  if (!intent) return null;
  return (
    <Badge color="indigo" variant="outline" tt="none" styles={WHOLE} data-testid="intent-badge">
      {label('intent', intent)}
    </Badge>
  );
}
