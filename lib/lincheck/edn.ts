/**
 * A small EDN reader: enough of Clojure's data notation for Jepsen and Knossos histories (maps,
 * vectors, lists, sets, keywords, strings, numbers, nil, booleans, symbols, tagged values).
 */

export type Edn = null | boolean | number | string | EdnKeyword | EdnSymbol | Edn[] | EdnMap;

export class EdnKeyword {
  constructor(readonly name: string) {}
}
export class EdnSymbol {
  constructor(readonly name: string) {}
}
/** Keys are kept as written (keywords by name with the colon, e.g. ":process"); values as read. */
export class EdnMap {
  readonly entries = new Map<string, Edn>();
  constructor(readonly line: number) {}
  get(key: string): Edn | undefined {
    return this.entries.get(key);
  }
}

export class EdnError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** The forms in `text`, each with the line it starts on. */
export function readEdn(text: string): { form: Edn; line: number }[] {
  const reader = new Reader(text);
  const forms: { form: Edn; line: number }[] = [];
  for (;;) {
    reader.skipSpace();
    if (reader.done()) return forms;
    const line = reader.line;
    forms.push({ form: reader.read(), line });
  }
}

const DELIMITERS = new Set([..."()[]{}\",;"]);

class Reader {
  private pos = 0;
  line = 1;
  constructor(private readonly text: string) {}

  done(): boolean {
    return this.pos >= this.text.length;
  }

  skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === "\n") {
        this.line++;
        this.pos++;
      } else if (c === " " || c === "\t" || c === "\r" || c === ",") {
        this.pos++;
      } else if (c === ";") {
        while (this.pos < t.length && t[this.pos] !== "\n") this.pos++;
      } else {
        return;
      }
    }
  }

  read(): Edn {
    this.skipSpace();
    if (this.done()) throw new EdnError("unexpected end of input", this.line);
    const c = this.text[this.pos];
    switch (c) {
      case "{":
        return this.readMap();
      case "[":
      case "(":
        return this.readSeq(c === "[" ? "]" : ")");
      case "#": {
        const n = this.text[this.pos + 1];
        if (n === "{") {
          this.pos++;
          return this.readSeq("}");
        }
        if (n === "_") {
          this.pos += 2;
          this.read(); // discarded form
          return this.read();
        }
        this.pos++;
        this.readToken(); // a tag such as #inst or #uuid: the value that follows stands for itself
        return this.read();
      }
      case '"':
        return this.readString();
      case ")":
      case "]":
      case "}":
        throw new EdnError(`unexpected "${c}"`, this.line);
      default:
        return this.readAtom();
    }
  }

  private readMap(): EdnMap {
    const map = new EdnMap(this.line);
    this.pos++;
    for (;;) {
      this.skipSpace();
      if (this.done()) throw new EdnError("map not closed: missing }", map.line);
      if (this.text[this.pos] === "}") {
        this.pos++;
        return map;
      }
      const keyLine = this.line;
      const key = this.read();
      this.skipSpace();
      if (this.text[this.pos] === "}") throw new EdnError("map has a key without a value", keyLine);
      const value = this.read();
      map.entries.set(key instanceof EdnKeyword ? `:${key.name}` : JSON.stringify(key), value);
    }
  }

  private readSeq(close: string): Edn[] {
    const start = this.line;
    this.pos++;
    const items: Edn[] = [];
    for (;;) {
      this.skipSpace();
      if (this.done()) throw new EdnError(`not closed: missing ${close}`, start);
      if (this.text[this.pos] === close) {
        this.pos++;
        return items;
      }
      items.push(this.read());
    }
  }

  private readString(): string {
    const start = this.line;
    this.pos++;
    let out = "";
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos++];
      if (c === '"') return out;
      if (c === "\n") this.line++;
      if (c !== "\\") {
        out += c;
        continue;
      }
      const e = t[this.pos++];
      if (e === "n") out += "\n";
      else if (e === "t") out += "\t";
      else if (e === "r") out += "\r";
      else if (e === "u") {
        out += String.fromCharCode(parseInt(t.slice(this.pos, this.pos + 4), 16));
        this.pos += 4;
      } else out += e;
    }
    throw new EdnError("string not closed", start);
  }

  private readToken(): string {
    const t = this.text;
    const start = this.pos;
    while (this.pos < t.length && !/\s/.test(t[this.pos]) && !DELIMITERS.has(t[this.pos])) this.pos++;
    return t.slice(start, this.pos);
  }

  private readAtom(): Edn {
    const line = this.line;
    const token = this.readToken();
    if (token === "") throw new EdnError(`unexpected "${this.text[this.pos]}"`, line);
    if (token === "nil") return null;
    if (token === "true") return true;
    if (token === "false") return false;
    if (token.startsWith(":")) {
      if (token.length === 1) throw new EdnError('a lone ":" is not a keyword', line);
      return new EdnKeyword(token.slice(1));
    }
    if (/^[+-]?\d/.test(token)) {
      const n = Number(token.replace(/[NM]$/, ""));
      if (Number.isNaN(n)) throw new EdnError(`"${token}" is not a number`, line);
      return n;
    }
    if (token.startsWith("\\")) return token.slice(1); // a character literal
    return new EdnSymbol(token);
  }
}
