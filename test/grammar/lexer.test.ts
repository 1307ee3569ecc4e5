import { describe, expect, it } from 'vitest';
import { mtlLexer } from '../../grammar/lexer.js';
import * as k from '../../src/syntax/keywords.js';

const kinds = (text: string) => mtlLexer.tokenize(text).tokens.map((t) => `${t.tokenType.name}:${t.image}`);

describe('lexer', () => {
  it('lexes numbers as written', () => {
    expect(kinds('12 0.25 1e-3 5e4 2E+2')).toEqual([
      'NumberLiteral:12',
      'NumberLiteral:0.25',
      'NumberLiteral:1e-3',
      'NumberLiteral:5e4',
      'NumberLiteral:2E+2',
    ]);
  });

  it('prefers the longest word: keywords inside longer identifiers stay identifiers', () => {
    expect(kinds('weights weight train_images training baseline base networks')).toEqual([
      'Weights:weights',
      'Weight:weight',
      'TrainImages:train_images',
      'Identifier:training',
      'Baseline:baseline',
      'Base:base',
      'Identifier:networks',
    ]);
  });

  it('lexes two-character operators before one-character ones', () => {
    expect(kinds('<= >= == != && || < > = ! ^')).toEqual([
      'LessEqual:<=',
      'GreaterEqual:>=',
      'EqualEqual:==',
      'NotEqual:!=',
      'AndOp:&&',
      'OrOp:||',
      'Less:<',
      'Greater:>',
      'Equals:=',
      'Bang:!',
      'Caret:^',
    ]);
  });

  it('puts comments in their own group, line and block', () => {
    const lexed = mtlLexer.tokenize('a // one\n/* two\n */ b / c');
    expect(lexed.tokens.map((t) => t.image)).toEqual(['a', 'b', '/', 'c']);
    expect(lexed.groups.comments.map((t) => t.image)).toEqual(['// one', '/* two\n */']);
  });

  it('lexes every reserved word as a keyword and every value word as an identifier', () => {
    for (const word of k.reservedWords) expect(kinds(word)).not.toEqual([`Identifier:${word}`]);
    const values = [
      ...k.activations,
      ...k.noiseKinds,
      ...k.costs,
      ...k.gradients,
      ...k.schedules,
      ...k.orderModes,
    ];
    for (const word of [...values, ...k.dataSources, ...k.weightTargets, 'tied', 't', 'T']) {
      expect(kinds(word)).toEqual([`Identifier:${word}`]);
    }
  });

  it('reports characters no token starts with, and unterminated strings and comments as tokens', () => {
    const lexed = mtlLexer.tokenize('a # "open\n/* open');
    expect(lexed.errors.map((e) => [e.offset, e.length])).toEqual([[2, 1]]);
    expect(lexed.tokens.map((t) => t.tokenType.name)).toEqual(['Identifier', 'UnterminatedString']);
    expect(lexed.groups.comments.map((t) => t.tokenType.name)).toEqual(['UnterminatedComment']);
  });
});
