import type { Command, Query } from "./ast.js";
import type { Diagnostic } from "./diagnostics.js";
import { CLAUSE_KEYWORDS } from "./keywords.js";
import { lex } from "./lexer.js";
import { parseCommand } from "./parse/commands.js";
import { Cursor } from "./parse/cursor.js";
import { didYouMean } from "./suggest.js";
import { plainWord } from "./tokens.js";

export interface ParseResult {
  query: Query;
  diagnostics: Diagnostic[];
}

/**
 * Parses a Logs Insights query: `command | command | ...`. Never throws; every independent
 * problem becomes a diagnostic (sorted by position), and the tree stays well formed (commands
 * that could not be read are left out, bad expressions are `ErrorExpr`). Known commands that
 * tolog does not run offline become `UnsupportedCommand` plus a TL501.
 */
export function parse(text: string): ParseResult {
  const lexed = lex(text);
  const c = new Cursor(text, lexed.tokens, lexed.diagnostics);
  const commands: Command[] = [];
  for (;;) {
    if (c.atEnd()) {
      const first = commands.length === 0 && !c.atPunct("|");
      c.unexpected(first ? "expected a command" : "expected a command after |", first ? "a query is commands joined by |, e.g. fields @timestamp, @message | limit 20" : "remove the extra | or add a command");
    } else {
      const command = parseCommand(c);
      if (command !== undefined) commands.push(command);
      // An unknown command was reported already; its arguments are skipped silently.
      if (command !== undefined && !c.atEnd()) {
        const word = plainWord(c.peek());
        const keyword = word === undefined ? undefined : didYouMean(word, CLAUSE_KEYWORDS);
        const help = keyword !== undefined
          ? `did you mean "${keyword}"?`
          : c.atPunct(":")
            ? 'put text values in quotes: field = "http://example.com/"'
            : "commands are joined with |; put text values in quotes";
        c.unexpected("expected | or the end of the query", help);
      }
    }
    c.skipTo();
    if (!c.eatPunct("|")) break;
  }
  const diagnostics = [...c.diagnostics].sort((a, b) => a.span.start - b.span.start);
  return { query: { text, commands }, diagnostics };
}
