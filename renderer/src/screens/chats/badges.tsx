/** Badges of the chat codes (intent, emotion, channel, language), labelled in the UI language. */
import type { ReactNode } from 'react';
import { Badge } from '@mantine/core';
import { useCodeLabel } from '../../codes';

// The tint carries the emotion; the label's colour is the theme's tinted text, which keeps a 4.5:1 contrast on the
// striped rows in both schemes (main.tsx darkens it in the light one; the screenshot suite measures it).
const EMOTION_COLOR: Record<string, string> = { angry: 'red', anxious: 'orange', disappointed: 'grape', confused: 'yellow', satisfied: 'teal', neutral: 'gray' };

/** Badges show their whole label: never clipped by a narrow cell (the row grows instead). */
const WHOLE = { root: { maxWidth: 'none', overflow: 'visible', flexShrink: 0 }, label: { overflow: 'visible', textOverflow: 'clip' } } as const;

/** An emotion badge (nothing when the message was not analysed). */
export function EmotionBadge({ emotion }: { emotion: string | null }): ReactNode {
  const label = useCodeLabel();
  if (!emotion) return null;
  return (
    <Badge color={EMOTION_COLOR[emotion] ?? 'gray'} variant="light" tt="none" styles={WHOLE} data-testid="emotion-badge">
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
