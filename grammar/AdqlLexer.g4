// ADQL 2.1 lexer (IVOA REC 2023-12-15), plus the extensions VoServices accepts:
// hexadecimal literals, bitwise operators, '!=' and block comments, TABLESAMPLE.
// Keywords are only the words the parser needs; function names are ordinary identifiers
// resolved by the checker, so unknown functions get a positioned "did you mean" error.
lexer grammar AdqlLexer;

options { caseInsensitive = true; }

ALL: 'ALL';
AND: 'AND';
AS: 'AS';
ASC: 'ASC';
BETWEEN: 'BETWEEN';
BY: 'BY';
CASE: 'CASE';
CAST: 'CAST';
CROSS: 'CROSS';
DESC: 'DESC';
DISTINCT: 'DISTINCT';
ELSE: 'ELSE';
END: 'END';
EXCEPT: 'EXCEPT';
EXISTS: 'EXISTS';
FROM: 'FROM';
FULL: 'FULL';
GROUP: 'GROUP';
HAVING: 'HAVING';
ILIKE: 'ILIKE';
IN: 'IN';
INNER: 'INNER';
INTERSECT: 'INTERSECT';
IS: 'IS';
JOIN: 'JOIN';
LEFT: 'LEFT';
LIKE: 'LIKE';
NATURAL: 'NATURAL';
NOT: 'NOT';
NULL: 'NULL';
OFFSET: 'OFFSET';
ON: 'ON';
OR: 'OR';
ORDER: 'ORDER';
OUTER: 'OUTER';
RECURSIVE: 'RECURSIVE';
RIGHT: 'RIGHT';
SELECT: 'SELECT';
TABLESAMPLE: 'TABLESAMPLE';
THEN: 'THEN';
TOP: 'TOP';
UNION: 'UNION';
USING: 'USING';
WHEN: 'WHEN';
WHERE: 'WHERE';
WITH: 'WITH';

CONCAT: '||';
NOT_EQUAL: '<>' | '!=';
LESS_EQUAL: '<=';
GREATER_EQUAL: '>=';
EQUAL: '=';
LESS: '<';
GREATER: '>';
PLUS: '+';
MINUS: '-';
ASTERISK: '*';
SOLIDUS: '/';
AMPERSAND: '&';
VERTICAL_BAR: '|';
CIRCUMFLEX: '^';
TILDE: '~';
LPAREN: '(';
RPAREN: ')';
COMMA: ',';
PERIOD: '.';
SEMICOLON: ';';

HEX_LITERAL: '0X' [0-9A-F]+;
UNSIGNED_INTEGER: [0-9]+;
APPROXIMATE_NUMBER: (DIGITS ('.' [0-9]*)? | '.' DIGITS) 'E' [+-]? DIGITS;
EXACT_DECIMAL: DIGITS '.' [0-9]* | '.' DIGITS;

STRING_LITERAL: '\'' ( ~'\'' | '\'\'' )* '\'';
UNTERMINATED_STRING: '\'' ( ~'\'' | '\'\'' )*;

REGULAR_IDENTIFIER: [A-Z] [A-Z0-9_]*;
DELIMITED_IDENTIFIER: '"' ( ~'"' | '""' )+ '"';
UNTERMINATED_IDENTIFIER: '"' ( ~'"' | '""' )*;

LINE_COMMENT: '--' ~[\r\n]* -> channel(HIDDEN);
BLOCK_COMMENT: '/*' .*? '*/' -> channel(HIDDEN);
WHITESPACE: [ \t\r\n\f\u000B]+ -> channel(HIDDEN);

// Anything else becomes one token, so the parser (not the lexer) reports it with its position.
UNEXPECTED_CHARACTER: .;

fragment DIGITS: [0-9]+;
