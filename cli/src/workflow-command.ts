// GitHub Actions' workflow command syntax, `::name key=value,…::message`, with the escapes the
// runner undoes: a line break or `%` in the message, and also `:` and `,` in a property value.

export function workflowCommand(name: string, properties: Readonly<Record<string, string | number>>, message: string): string {
  const list = Object.entries(properties)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${name} ${list}::${escapeData(message)}\n`;
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
