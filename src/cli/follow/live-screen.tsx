import { Box, Text } from "ink";

export interface LiveScreenProps {
  /** The result as drawn for the screen: a table or a chart, cut to fit. */
  body: string;
  status: string;
}

/** A result redrawn in place: ink rewrites only what changed, and leaves the last frame on the screen at the end. */
export function LiveScreen({ body, status }: LiveScreenProps) {
  return (
    <Box flexDirection="column">
      {/* Lines come fitted to the width; one that is not (a command to paste) wraps rather than being cut. */}
      <Text wrap="wrap">{body}</Text>
      <Text dimColor wrap="truncate-end">
        {status}
      </Text>
    </Box>
  );
}
