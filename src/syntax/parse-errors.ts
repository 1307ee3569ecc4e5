// Error messages a person can act on. chevrotain tells us the rule it was in, the
// token it wanted and the one it found; this file turns that into "expected a
// layer activation (sigmoid, tanh, …), found 'sigmoud'; did you mean 'sigmoid'?".
import { EOF, type IParserErrorMessageProvider, type IToken, type TokenType, tokenLabel } from 'chevrotain';
import { closestWords } from './did-you-mean.js';
import { type Expectation, expectationFor } from './parse-expectations.js';

/** How the found token is named in a message. */
function describeToken(token: IToken): string {
  if (token.tokenType === EOF) return 'the end of the file';
  const image = token.image.length > 24 ? `${token.image.slice(0, 23)}…` : token.image;
  return `'${image.replace(/\n[\s\S]*/, '…')}'`;
}

const wordPattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

function labelOf(type: TokenType): string {
  switch (type.name) {
    case 'Name':
    case 'ValueName':
    case 'Identifier':
      return 'a name';
    case 'NumberLiteral':
      return 'a number';
    case 'StringLiteral':
      return 'a string in double quotes';
    case 'EOF':
      return 'the end of the file';
    default:
      return tokenLabel(type);
  }
}

function listOf(phrases: readonly string[]): string {
  const unique = [...new Set(phrases)];
  if (unique.length <= 1) return unique[0] ?? 'something else';
  return `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]}`;
}

/**
 * chevrotain's error message hooks. Suggestions cannot travel inside chevrotain's
 * exceptions, so they are kept by message: one message always has the same ones.
 */
export class MtlErrorMessages implements IParserErrorMessageProvider {
  readonly suggestionsByMessage = new Map<string, readonly string[]>();

  constructor(private readonly depthExceeded: () => boolean) {}

  private compose(expectation: Expectation, found: IToken): string {
    let message = `expected ${expectation.what}, found ${describeToken(found)}`;
    if (expectation.words && wordPattern.test(found.image)) {
      const suggestions = closestWords(found.image, expectation.words);
      if (suggestions.length > 0) {
        message += `; did you mean '${suggestions[0]}'?`;
        this.suggestionsByMessage.set(message, suggestions);
      }
    }
    return message;
  }

  buildMismatchTokenMessage(options: {
    expected: TokenType;
    actual: IToken;
    previous: IToken;
    ruleName: string;
  }): string {
    const expectation = expectationFor(options.ruleName, options.expected.name, options.previous.image) ?? {
      what: labelOf(options.expected),
    };
    return this.compose(expectation, options.actual);
  }

  buildNotAllInputParsedMessage(options: { firstRedundant: IToken; ruleName: string }): string {
    return this.compose(
      expectationFor('file', 'EOF', '') ?? { what: 'the end of the file' },
      options.firstRedundant,
    );
  }

  buildNoViableAltMessage(options: {
    expectedPathsPerAlt: TokenType[][][];
    actual: IToken[];
    previous: IToken;
    ruleName: string;
  }): string {
    const found = options.actual[0];
    if (this.depthExceeded()) {
      return `expression nested too deeply, found ${describeToken(found)}`;
    }
    const expectation = expectationFor(options.ruleName, 'alternatives', options.previous.image) ?? {
      what: listOf(options.expectedPathsPerAlt.flatMap((paths) => paths.map((path) => labelOf(path[0])))),
    };
    return this.compose(expectation, found);
  }

  buildEarlyExitMessage(options: {
    expectedIterationPaths: TokenType[][];
    actual: IToken[];
    previous: IToken;
    ruleName: string;
  }): string {
    const expectation = expectationFor(options.ruleName, 'repetition', options.previous.image) ?? {
      what: listOf(options.expectedIterationPaths.map((path) => labelOf(path[0]))),
    };
    return this.compose(expectation, options.actual[0]);
  }
}
