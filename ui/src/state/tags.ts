// Tags are typed as one comma-separated field: trimmed, empty ones and repeats dropped (berth
// refuses duplicate tags with a 400).
export function parseTags(text: string): string[] {
  const tags: string[] = [];
  for (const part of text.split(",")) {
    const tag = part.trim();
    if (tag && !tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

export function formatTags(tags: readonly string[]): string {
  return tags.join(", ");
}
