// A generated map for the large-map test.

/** `categories` x `services`, each service with two relations. */
export function bigMap(categories, services) {
  const relations = ['uses', 'integrates with', 'stores', 'hosts', 'protects'];
  let text = '# A large map\n\n';
  for (let c = 0; c < categories; c++) {
    text += `### Category ${c}\n\n\`\`\`mermaid\nmindmap\n  root((Category ${c}))\n`;
    for (let s = 0; s < services; s++) {
      text += `    Service ${c}-${s}\n      :: ${relations[(c + s) % relations.length]}\n`;
      text += `      Service ${(c + 1) % categories}-${(s * 7) % services}\n      :: provides\n      Concept ${c}-${s % 40}\n`;
    }
    text += '```\n\n';
  }
  return text;
}
