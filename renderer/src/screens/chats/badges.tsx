/** Badges of the chat codes (intent, emotion, channel, language), labelled in the UI language. */
import type { ReactNode } from 'react';
import { Badge } from '@mantine/core';
import { useCodeLabel } from '../../codes';

const EMOTION_COLOR: Record<string, string> = { angry: 'red', anxious: 'orange', disappointed: 'grape', confused: 'yellow', satisfied: 'teal', neutral: 'gray' };

/** An emotion badge (nothing when the message was not analysed). */
export function EmotionBadge({ emotion }: { emotion: string | null }): ReactNode {
  const label = useCodeLabel();
  if (!emotion) return null;
  return (
    <Badge color={EMOTION_COLOR[emotion] ?? 'gray'} variant="light" data-testid="emotion-badge" style={{ flexShrink: 0 }}>
      {label('emotion', emotion)}
    </Badge>
  );
}

/** An intent badge. */
export function IntentBadge({ intent }: { intent: string | null }): ReactNode {
  const label = useCodeLabel();
  if (!intent) return null;
  return (
    <Badge color="indigo" variant="outline" data-testid="intent-badge" style={{ flexShrink: 0 }}>
      {label('intent', intent)}
    </Badge>
  );
}
