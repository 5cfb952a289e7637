// The JSON schema of sysdesign.json, built from the rule registry so it names
// exactly the rules `parseProjectConfig` accepts. `npm run docs` writes it to
// schemas/sysdesign.schema.json; the VS Code extension points
// `contributes.jsonValidation` at that file (completion, hover, squiggles),
// and any editor with a JSON language server can use it through `$schema`.
import { REPOSITORY_URL } from '../docs';
import { RULES } from '../rules/registry';
import { PROJECT_FILE } from './project';

/** Where the schema file sits in the package (and the repository). */
export const PROJECT_SCHEMA_FILE = 'schemas/sysdesign.schema.json';

const SETTING_DESCRIPTIONS = {
  error: 'Report as an error.',
  warning: 'Report as a warning.',
  info: 'Report as information.',
  off: 'Do not check this rule.',
} as const;

export function projectJsonSchema(): object {
  const setting = (defaultSeverity: string) => ({
    type: 'string',
    enum: Object.keys(SETTING_DESCRIPTIONS),
    enumDescriptions: Object.values(SETTING_DESCRIPTIONS),
    default: defaultSeverity,
  });
  const rules: Record<string, object> = {};
  for (const rule of RULES) {
    rules[rule.id] = {
      ...setting(rule.severity),
      description: `${rule.summary} Default: ${rule.severity}.`,
      markdownDescription: `${rule.summary} Default: \`${rule.severity}\`. [Documentation](${REPOSITORY_URL}/blob/main/docs/rules/${rule.id}.md)`,
    };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `${REPOSITORY_URL}/raw/main/${PROJECT_SCHEMA_FILE}`,
    title: PROJECT_FILE,
    description: `Project settings for sysdesign: the nearest ${PROJECT_FILE} up from a design applies to it, in the CLI and the editor.`,
    type: 'object',
    properties: {
      $schema: { type: 'string', description: 'The schema this file follows.' },
      rules: {
        type: 'object',
        description: 'Severity of design rules by rule id, overriding each rule\'s default. Language errors (syntax, unknown-property, …) cannot be configured.',
        properties: rules,
        additionalProperties: false,
      },
    },
    additionalProperties: false,
  };
}

/** The schema file's text, as committed. */
export function projectJsonSchemaText(): string {
  return `${JSON.stringify(projectJsonSchema(), null, 2)}\n`;
}
