//! A quick reader for registry files written the plain way: `[[person]]`
//! headers, one `key = value` a line, strings without escapes, roles as
//! inline tables. It builds entries straight from the text, several times
//! faster than a general TOML parse (which builds a whole document tree
//! first), and gives up on anything else: other TOML forms, and anything
//! the full reader would report a problem for. Then the full reader reads
//! the file, so every file means the same whichever reader took it, and
//! problems are found in one place only.

use super::read::{is_wikidata_id, Fields};
use super::{Link, RegistryEntry, Role};
use crate::entities::EntityLabel;
use crate::span::Span;

/// Every entry of `text`, or `None` when the full reader must read it.
pub(super) fn read(source: usize, text: &str) -> Option<Vec<RegistryEntry>> {
    let mut cursor = Cursor { text, bytes: text.as_bytes(), pos: 0 };
    let mut entries = Vec::with_capacity(text.len() / 160);
    let mut open: Option<OpenEntry> = None;
    loop {
        cursor.skip_blanks();
        let Some(byte) = cursor.peek() else { break };
        match byte {
            b'\n' | b'\r' | b'#' => cursor.end_of_line()?,
            b'[' => {
                if let Some(done) = open.take() {
                    entries.push(done.finish(source)?);
                }
                let start = cursor.pos;
                let kind = cursor.header()?;
                open = Some(OpenEntry { kind, start, end: cursor.pos, fields: Fields::default(), seen: 0 });
                cursor.end_of_line()?;
            }
            _ => {
                let entry = open.as_mut()?;
                let key = cursor.bare_key()?;
                cursor.skip_blanks();
                cursor.expect(b'=')?;
                cursor.skip_blanks();
                entry.field(key, &mut cursor)?;
                entry.end = cursor.pos;
                cursor.end_of_line()?;
            }
        }
    }
    if let Some(done) = open.take() {
        entries.push(done.finish(source)?);
    }
    Some(entries)
}

struct OpenEntry {
    kind: EntityLabel,
    start: usize,
    /// The end of the header or of the last value read.
    end: usize,
    fields: Fields,
    /// One bit per entry key already set: a repeated key is a TOML error.
    seen: u16,
}

impl OpenEntry {
    fn finish(self, source: usize) -> Option<RegistryEntry> {
        self.fields.into_entry(source, self.kind, Span::new(self.start, self.end))
    }

    fn field(&mut self, key: &str, cursor: &mut Cursor) -> Option<()> {
        let bit = match key {
            "id" => 1,
            "name" => 1 << 1,
            "aliases" => 1 << 2,
            "description" => 1 << 3,
            "affiliation" => 1 << 4,
            "roles" => 1 << 5,
            "wikidata" => 1 << 6,
            "url" => 1 << 7,
            "links" => 1 << 8,
            "gender" => 1 << 9,
            _ => return None,
        };
        if self.seen & bit != 0 {
            return None;
        }
        self.seen |= bit;
        let fields = &mut self.fields;
        match key {
            "id" => {
                let (id, span) = cursor.string()?;
                if id.trim().is_empty() || id.chars().any(char::is_whitespace) {
                    return None;
                }
                fields.id = Some((id.to_string(), span));
            }
            "name" => {
                let (name, span) = cursor.string()?;
                if name.trim().is_empty() {
                    return None;
                }
                fields.name = Some((name.to_string(), span));
            }
            "aliases" => {
                let start = cursor.pos;
                cursor.array(|cursor| {
                    let (alias, span) = cursor.string()?;
                    if alias.trim().is_empty() {
                        return None;
                    }
                    fields.aliases.push(alias.to_string());
                    fields.alias_spans.push(span);
                    Some(())
                })?;
                fields.aliases_span = Some(Span::new(start, cursor.pos));
            }
            "description" => fields.description = Some(cursor.string()?.0.to_string()),
            "gender" => fields.gender = Some(cursor.string()?.0.to_string()),
            "affiliation" => {
                let (affiliation, span) = cursor.string()?;
                fields.affiliation = Some((affiliation.to_string(), span));
            }
            "roles" => cursor.array(|cursor| {
                fields.roles.push(cursor.role()?);
                Some(())
            })?,
            "wikidata" => {
                let qid = cursor.string()?.0;
                if !is_wikidata_id(qid) {
                    return None;
                }
                fields.wikidata = Some(qid.to_string());
            }
            "url" => fields.url = Some(cursor.string()?.0.to_string()),
            _ => {
                let mut links = Vec::new();
                cursor.inline_table(|key, cursor| {
                    links.push(Link { kind: key.to_string(), value: cursor.string()?.0.to_string() });
                    Some(())
                })?;
                // The full reader lists them in key order, as its TOML map keeps them.
                links.sort_by(|a, b| a.kind.cmp(&b.kind));
                if links.windows(2).any(|pair| pair[0].kind == pair[1].kind) {
                    return None;
                }
                fields.links = links;
            }
        }
        Some(())
    }
}

struct Cursor<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
}

impl<'t> Cursor<'t> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    /// Spaces and tabs, TOML's whitespace within a line.
    fn skip_blanks(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    /// Blanks, an optional comment, then a line break or the end of the text.
    fn end_of_line(&mut self) -> Option<()> {
        self.skip_blanks();
        if self.peek() == Some(b'#') {
            while let Some(byte) = self.peek() {
                if byte == b'\n' || byte == b'\r' {
                    break;
                }
                // TOML allows no control character but tab in a comment.
                if (byte < 0x20 && byte != b'\t') || byte == 0x7f {
                    return None;
                }
                self.pos += 1;
            }
        }
        match self.peek() {
            None => Some(()),
            Some(b'\n') => {
                self.pos += 1;
                Some(())
            }
            Some(b'\r') if self.bytes.get(self.pos + 1) == Some(&b'\n') => {
                self.pos += 2;
                Some(())
            }
            _ => None,
        }
    }

    /// Line breaks, blanks and comments, as arrays allow between items.
    fn skip_array_space(&mut self) -> Option<()> {
        loop {
            self.skip_blanks();
            match self.peek() {
                Some(b'\n' | b'\r' | b'#') => self.end_of_line()?,
                _ => return Some(()),
            }
        }
    }

    /// `[[person]]` and the other entry headers; sub-tables and other
    /// tables are for the full reader.
    fn header(&mut self) -> Option<EntityLabel> {
        let rest = self.text.get(self.pos..)?;
        let (kind, length) = [
            ("[[person]]", EntityLabel::Person),
            ("[[organization]]", EntityLabel::Organization),
            ("[[organisation]]", EntityLabel::Organization),
            ("[[place]]", EntityLabel::Location),
        ]
        .into_iter()
        .find(|(header, _)| rest.starts_with(header))
        .map(|(header, kind)| (kind, header.len()))?;
        self.pos += length;
        Some(kind)
    }

    fn bare_key(&mut self) -> Option<&'t str> {
        let start = self.pos;
        while matches!(self.peek(), Some(b) if b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
            self.pos += 1;
        }
        if self.pos == start || self.peek() == Some(b'.') {
            return None;
        }
        self.text.get(start..self.pos)
    }

    /// A one-line string without escapes: its content and its span, quotes
    /// included.
    fn string(&mut self) -> Option<(&'t str, Span)> {
        let start = self.pos;
        let quote = self.peek()?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        if self.bytes.get(start + 1) == Some(&quote) && self.bytes.get(start + 2) == Some(&quote) {
            return None; // a multi-line string
        }
        self.pos += 1;
        loop {
            let byte = self.peek()?;
            if byte == quote {
                break;
            }
            if (byte < 0x20 && byte != b'\t') || byte == 0x7f || (byte == b'\\' && quote == b'"') {
                return None;
            }
            self.pos += 1;
        }
        let content = self.text.get(start + 1..self.pos)?;
        self.pos += 1;
        Some((content, Span::new(start, self.pos)))
    }

    fn array(&mut self, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.expect(b'[')?;
        loop {
            self.skip_array_space()?;
            if self.peek()? == b']' {
                self.pos += 1;
                return Some(());
            }
            item(self)?;
            self.skip_array_space()?;
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// `{ key = value, ... }` on one line, with at least one key.
    fn inline_table(&mut self, mut field: impl FnMut(&'t str, &mut Self) -> Option<()>) -> Option<()> {
        self.expect(b'{')?;
        loop {
            self.skip_blanks();
            let key = self.bare_key()?;
            self.skip_blanks();
            self.expect(b'=')?;
            self.skip_blanks();
            field(key, self)?;
            self.skip_blanks();
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// `"Title"` or `{ title = "...", organization = "...", from = ..., until = ... }`.
    fn role(&mut self) -> Option<Role> {
        if self.peek()? != b'{' {
            let title = self.string()?.0;
            if title.trim().is_empty() {
                return None;
            }
            return Some(Role {
                title: title.to_string(),
                organization: None,
                from: None,
                until: None,
                organization_span: None,
            });
        }
        let mut role =
            Role { title: String::new(), organization: None, from: None, until: None, organization_span: None };
        let mut seen = 0u8;
        self.inline_table(|key, cursor| {
            let bit = match key {
                "title" => 1,
                "organization" => 2,
                "from" => 4,
                "until" => 8,
                _ => return None,
            };
            if seen & bit != 0 {
                return None;
            }
            seen |= bit;
            match key {
                "title" => role.title = cursor.string()?.0.to_string(),
                "organization" => {
                    let (organization, span) = cursor.string()?;
                    role.organization = Some(organization.to_string());
                    role.organization_span = Some(span);
                }
                "from" => role.from = Some(cursor.year()?),
                _ => role.until = Some(cursor.year()?),
            }
            Some(())
        })?;
        if role.title.trim().is_empty() {
            return None;
        }
        Some(role)
    }

    /// A string, or a plain decimal year (`2009`); dates written as TOML
    /// dates are for the full reader.
    fn year(&mut self) -> Option<String> {
        if matches!(self.peek()?, b'"' | b'\'') {
            return Some(self.string()?.0.to_string());
        }
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        let digits = self.text.get(start..self.pos)?;
        let plain = !digits.is_empty() && (digits == "0" || !digits.starts_with('0'));
        let ends = matches!(self.peek(), None | Some(b' ' | b'\t' | b',' | b'}' | b']' | b'#' | b'\n' | b'\r'));
        (plain && ends).then(|| digits.to_string())
    }
}
