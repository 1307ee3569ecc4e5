#!/usr/bin/env node
// Regenerates the grammar artefacts derived from grammar/lexer.ts, grammar/parser.ts,
// src/syntax/keywords.ts and src/expr/functions.ts, so they never drift from the parser:
//   grammar/cst.d.ts            CST typings (chevrotain generateCstDts)
//   grammar/diagrams.html       syntax diagrams, self-contained (opens offline)
//   grammar/mtl.ebnf            the grammar in EBNF
//   grammar/mtl.tmLanguage.json TextMate grammar (editors, documentation)
// `--check` writes nothing and exits 1 when a file is stale.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { register } from 'tsx/esm/api';

// chevrotain 13 uses Object.groupBy (Node ≥ 21) in its grammar validations and CST typings generator.
Object.groupBy ??= (items, keyOf) => {
  const groups = Object.create(null);
  let index = 0;
  for (const item of items) {
    const key = keyOf(item, index++);
    groups[key] ??= [];
    groups[key].push(item);
  }
  return groups;
};

const root = new URL('../', import.meta.url);
const at = (path) => new URL(path, root);
// A global TypeScript loader rather than tsImport's private namespace: chevrotain must be
// loaded once, as the CST typings generator compares grammar classes with instanceof.
register();
const { generateCstDts, Lexer } = await import('chevrotain');
const { MtlParser } = await import('../grammar/parser.ts');
const lexer = await import('../grammar/lexer.ts');
const keywords = await import('../src/syntax/keywords.ts');
const { FUNCTIONS } = await import('../src/expr/functions.ts');

const parser = new MtlParser({ validate: true });
const serialized = topDown(parser.getSerializedGastProductions());

/** Rules in reading order: the declarations as parser.ts defines them, then the expressions. */
function topDown(rules) {
  const isExpression = new Set();
  const byName = new Map(rules.map((rule) => [rule.name, rule]));
  const mark = (name) => {
    if (isExpression.has(name)) return;
    isExpression.add(name);
    const visit = (node) => {
      if (node.type === 'NonTerminal') mark(node.name);
      for (const child of node.definition ?? []) visit(child);
    };
    visit(byName.get(name));
  };
  mark('expression');
  return [
    ...rules.filter((rule) => !isExpression.has(rule.name)),
    ...rules.filter((rule) => isExpression.has(rule.name)),
  ];
}

// ------------------------------------------------------------------ cst.d.ts

function biomeFormat(text, path) {
  return execFileSync(
    new URL('node_modules/.bin/biome', root).pathname,
    ['format', `--stdin-file-path=${path}`],
    {
      input: text,
      encoding: 'utf8',
    },
  );
}

function cstDts() {
  const body = generateCstDts(parser.getGAstProductions(), { includeVisitorInterface: false });
  const header =
    '// Generated from grammar/parser.ts by scripts/gen-grammar-artefacts.js. Do not edit by hand.\n' +
    '/* biome-ignore-all lint: generated */\n';
  return biomeFormat(header + body, 'grammar/cst.d.ts');
}

// -------------------------------------------------------------- diagrams.html

function diagramsHtml() {
  const base = 'node_modules/chevrotain/diagrams/';
  const read = (file) => readFileSync(at(base + file), 'utf8').replace(/<\/script/gi, '<\\/script');
  const scripts = [
    'vendor/railroad-diagrams.js',
    'src/diagrams_builder.js',
    'src/diagrams_behavior.js',
    'src/main.js',
  ];
  const grammar = JSON.stringify(serialized, null, 1).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<!-- Generated from grammar/parser.ts by scripts/gen-grammar-artefacts.js. Do not edit by hand. -->
<!-- Self-contained: chevrotain's diagram scripts and styles are inlined, so it opens offline. -->
<html lang="en">
<head>
<meta charset="utf-8">
<title>mtl grammar: syntax diagrams</title>
<style>
body { background-color: hsl(30, 20%, 95%); }
${readFileSync(at(`${base}diagrams.css`), 'utf8')}
</style>
${scripts.map((file) => `<script>\n${read(file)}\n</script>`).join('\n')}
</head>
<body>
<div id="diagrams" align="center"></div>
<script>
window.serializedGrammar = ${grammar};
main.drawDiagramsFromSerializedGrammar(window.serializedGrammar, document.getElementById('diagrams'));
</script>
</body>
</html>
`;
}

// ------------------------------------------------------------------ mtl.ebnf

const quote = (text) => `"${text}"`;
const labelText = (label) => (label.startsWith("'") ? label.slice(1, -1) : undefined);

function terminal(node) {
  const text = labelText(node.label);
  return text === undefined ? node.name : quote(text);
}

function sequence(items) {
  return items.map(production).join(' ');
}

function production(node) {
  switch (node.type) {
    case 'NonTerminal':
      return node.name;
    case 'Terminal':
      return terminal(node);
    case 'Alternation':
      return `( ${node.definition.map((alt) => sequence(alt.definition)).join(' | ')} )`;
    case 'Option':
      return `[ ${sequence(node.definition)} ]`;
    case 'Repetition':
      return `{ ${sequence(node.definition)} }`;
    case 'RepetitionMandatory':
      return `${sequence(node.definition)} { ${sequence(node.definition)} }`;
    case 'RepetitionMandatoryWithSeparator':
      return `${sequence(node.definition)} { ${terminal(node.separator)} ${sequence(node.definition)} }`;
    case 'RepetitionWithSeparator':
      return `[ ${sequence(node.definition)} { ${terminal(node.separator)} ${sequence(node.definition)} } ]`;
    default:
      throw new Error(`unknown production ${node.type}`);
  }
}

function membersOf(category) {
  return lexer.allTokens
    .filter((token) => token !== category && (token.CATEGORIES ?? []).includes(category))
    .filter((token) => token.PATTERN !== Lexer.NA)
    .map((token) => (token.LABEL ? quote(labelText(token.LABEL)) : token.name));
}

function ebnf() {
  const rules = serialized.map((rule) => `${rule.name} ::= ${sequence(rule.definition)} ;`);
  const categories = [
    'ValueName',
    'LayerRole',
    'DataNumberKey',
    'DataPathKey',
    'TrainNumberKey',
    'CallKey',
    'EveryKey',
    'OverridesKey',
    'AddOp',
    'MulOp',
    'CompareOp',
    'UnaryOp',
  ].map((name) => `${name} ::= ${membersOf(lexer[name]).join(' | ')} ;`);
  return `(* The .mtl grammar. Generated from grammar/parser.ts by scripts/gen-grammar-artefacts.js. *)
(* Do not edit by hand. Notation: [ x ] optional, { x } zero or more, ( a | b ) choice, "x" literal. *)
(* ';' is an optional separator wherever a statement ends. Rules are camelCase, tokens PascalCase. *)

${rules.join('\n\n')}

(* ---------------------------------------------------------------- tokens *)

Identifier    ::= ? [A-Za-z_][A-Za-z0-9_]* ? ;
NumberLiteral ::= ? [0-9]+ ( "." [0-9]+ )? ( [eE] [+-]? [0-9]+ )? ? ;   (* 12, 0.25, 1e-3, 5e4 *)
StringLiteral ::= ? '"' ( any character but '"', '\\' or a newline | '\\' any character )* '"' ? ;
Name          ::= Identifier | Keyword ;   (* names may be spelt like keywords *)
Keyword       ::= ${keywords.reservedWords.map(quote).join(' | ')} ;
${categories.join('\n')}

(* Skipped between tokens: white space, // line comments and /* block comments */. *)
`;
}

// ------------------------------------------------------- mtl.tmLanguage.json

const words = (list) => `\\b(?:${[...list].join('|')})\\b`;

function tmLanguage() {
  const declarations = ['network', 'experiment', 'sweep'];
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'mtl',
    scopeName: 'source.mtl',
    fileTypes: ['mtl'],
    comment:
      'Generated from src/syntax/keywords.ts by scripts/gen-grammar-artefacts.js. Do not edit by hand.',
    patterns: [
      { include: '#comments' },
      { include: '#strings' },
      { include: '#numbers' },
      { include: '#declarations' },
      { include: '#schedules' },
      { include: '#keywords' },
      { include: '#activations' },
      { include: '#functions' },
      { include: '#values' },
      { include: '#variables' },
      { include: '#operators' },
      { include: '#punctuation' },
    ],
    repository: {
      comments: {
        patterns: [
          { name: 'comment.line.double-slash.mtl', match: '//.*$' },
          { name: 'comment.block.mtl', begin: '/\\*', end: '\\*/' },
        ],
      },
      strings: {
        name: 'string.quoted.double.mtl',
        begin: '"',
        end: '"|$',
        patterns: [{ name: 'constant.character.escape.mtl', match: '\\\\.' }],
      },
      numbers: { name: 'constant.numeric.mtl', match: '\\b\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?\\b' },
      declarations: {
        patterns: [
          {
            match: `\\b(${declarations.join('|')})\\s+(?!\\{)([A-Za-z_][A-Za-z0-9_]*)`,
            captures: { 1: { name: 'storage.type.mtl' }, 2: { name: 'entity.name.type.mtl' } },
          },
          {
            match: '\\b(dense|output)\\s+([A-Za-z_][A-Za-z0-9_]*)',
            captures: {
              1: { name: 'keyword.other.layer.mtl' },
              2: { name: 'entity.name.variable.layer.mtl' },
            },
          },
          { name: 'keyword.control.import.mtl', match: '\\bimport\\b' },
          { name: 'storage.type.mtl', match: words(declarations) },
        ],
      },
      schedules: {
        match: '\\b(schedule)\\s+([A-Za-z_][A-Za-z0-9_]*)',
        captures: { 1: { name: 'keyword.other.schedule.mtl' }, 2: { name: 'support.function.schedule.mtl' } },
      },
      keywords: { name: 'keyword.other.mtl', match: words(keywords.reservedWords) },
      activations: {
        name: 'support.constant.activation.mtl',
        match: words([...keywords.activations, 'tied']),
      },
      functions: { name: 'support.function.mtl', match: `${words(FUNCTIONS.map((f) => f.name))}(?=\\s*\\()` },
      values: {
        name: 'support.constant.mtl',
        match: words([
          ...keywords.dataSources,
          ...keywords.noiseKinds,
          ...keywords.costs,
          ...keywords.costReductions,
          ...keywords.gradients,
          ...keywords.optimizers,
          ...keywords.optimizerOptions,
          ...keywords.orderModes,
          ...keywords.stepObjectives,
          ...keywords.schedules,
        ]),
      },
      variables: { name: 'variable.language.mtl', match: words(keywords.expressionNames) },
      operators: { name: 'keyword.operator.mtl', match: '&&|\\|\\||<=|>=|==|!=|[-+*/^<>=!?:]' },
      punctuation: {
        patterns: [
          { name: 'punctuation.section.block.mtl', match: '[{}]' },
          { name: 'punctuation.section.brackets.mtl', match: '[\\[\\]]' },
          { name: 'punctuation.section.parens.mtl', match: '[()]' },
          { name: 'punctuation.separator.mtl', match: '[,;.]' },
        ],
      },
    },
  };
}

// ---------------------------------------------------------------------- main

export const artefacts = {
  'grammar/cst.d.ts': cstDts,
  'grammar/diagrams.html': diagramsHtml,
  'grammar/mtl.ebnf': ebnf,
  'grammar/mtl.tmLanguage.json': () => `${JSON.stringify(tmLanguage(), null, 2)}\n`,
};

const check = process.argv.includes('--check');
let stale = 0;
for (const [path, generate] of Object.entries(artefacts)) {
  const text = generate();
  let current;
  try {
    current = readFileSync(at(path), 'utf8');
  } catch {
    current = undefined;
  }
  if (current === text) continue;
  if (check) {
    console.error(`${path} is stale: run node scripts/gen-grammar-artefacts.js`);
    stale++;
  } else {
    writeFileSync(at(path), text);
    console.log(`wrote ${path}`);
  }
}
process.exitCode = stale > 0 ? 1 : 0;
