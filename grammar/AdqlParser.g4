// ADQL 2.1 parser (IVOA REC 2023-12-15, BNF of appendix A), covering the optional features
// (sets, WITH, CAST, COALESCE, OFFSET, geometry, UDFs) and the DaCHS-style TABLESAMPLE.
// Deliberate shapes:
//  - ORDER BY/OFFSET follow the whole (set) expression, as in SQL; TOP belongs to each SELECT.
//  - Value expressions and search conditions are separate, as in the standard.
//  - Function calls are generic (name + arguments); the checker knows the functions.
//  - The join specification is optional, as in the ADQL BNF's <qualified_join>: a JOIN without ON,
//    USING or NATURAL pairs every row with every row (the missing condition is TRUE).
parser grammar AdqlParser;

options { tokenVocab = AdqlLexer; }

query
    : withClause? queryExpression orderByClause? offsetClause? SEMICOLON? EOF
    ;

withClause
    : WITH RECURSIVE? withItem (COMMA withItem)*
    ;

withItem
    : identifier (LPAREN identifier (COMMA identifier)* RPAREN)? AS LPAREN subqueryBody RPAREN
    ;

// The body of a parenthesised query: a query expression with its own ORDER BY/OFFSET.
subqueryBody
    : queryExpression orderByClause? offsetClause?
    ;

queryExpression
    : queryPrimary                                                                 #primaryQuery
    | left=queryExpression INTERSECT ALL? right=queryExpression                    #intersectQuery
    | left=queryExpression op=(UNION | EXCEPT) ALL? right=queryExpression          #unionQuery
    ;

queryPrimary
    : querySpecification                                                           #specificationPrimary
    | LPAREN subqueryBody RPAREN                                                   #parenthesizedPrimary
    ;

querySpecification
    : SELECT setQuantifier? topClause? selectList fromClause whereClause? groupByClause? havingClause?
    ;

setQuantifier
    : DISTINCT
    | ALL
    ;

topClause
    : TOP UNSIGNED_INTEGER
    ;

selectList
    : selectItem (COMMA selectItem)*
    ;

selectItem
    : ASTERISK                                                                     #allColumnsItem
    | qualifiedName PERIOD ASTERISK                                                #qualifiedAllColumnsItem
    | valueExpression (AS? identifier)?                                            #expressionItem
    ;

fromClause
    : FROM tableReference (COMMA tableReference)*
    ;

tableReference
    : left=tableReference CROSS JOIN right=tablePrimary                            #crossJoin
    | left=tableReference NATURAL joinType? JOIN right=tablePrimary                #naturalJoin
    | left=tableReference joinType? JOIN right=tablePrimary joinSpecification?     #qualifiedJoin
    | tablePrimary                                                                 #primaryTableReference
    ;

joinType
    : INNER
    | (LEFT | RIGHT | FULL) OUTER?
    ;

joinSpecification
    : ON searchCondition                                                           #onJoin
    | USING LPAREN identifier (COMMA identifier)* RPAREN                           #usingJoin
    ;

tablePrimary
    : qualifiedName tableSample? (AS? identifier)? tableSample?                    #baseTable
    | LPAREN subqueryBody RPAREN AS? identifier                                    #derivedTable
    | LPAREN tableReference RPAREN                                                 #parenthesizedJoin
    ;

tableSample
    : TABLESAMPLE LPAREN signedNumber RPAREN
    ;

signedNumber
    : (PLUS | MINUS)? unsignedNumber
    ;

whereClause
    : WHERE searchCondition
    ;

groupByClause
    : GROUP BY valueExpression (COMMA valueExpression)*
    ;

havingClause
    : HAVING searchCondition
    ;

orderByClause
    : ORDER BY sortSpecification (COMMA sortSpecification)*
    ;

sortSpecification
    : valueExpression (ASC | DESC)?
    ;

offsetClause
    : OFFSET UNSIGNED_INTEGER
    ;

searchCondition
    : predicate                                                                    #predicateCondition
    | NOT searchCondition                                                          #notCondition
    | left=searchCondition AND right=searchCondition                               #andCondition
    | left=searchCondition OR right=searchCondition                                #orCondition
    ;

predicate
    : left=valueExpression compOp right=valueExpression                            #comparisonPredicate
    | subject=valueExpression NOT? BETWEEN low=valueExpression AND high=valueExpression #betweenPredicate
    | subject=valueExpression NOT? op=(LIKE | ILIKE) pattern=valueExpression       #likePredicate
    | valueExpression IS NOT? NULL                                                 #nullPredicate
    | valueExpression NOT? IN LPAREN subqueryBody RPAREN                           #inSubqueryPredicate
    | valueExpression NOT? IN LPAREN valueExpression (COMMA valueExpression)* RPAREN #inListPredicate
    | EXISTS LPAREN subqueryBody RPAREN                                            #existsPredicate
    | LPAREN searchCondition RPAREN                                                #parenthesizedCondition
    ;

compOp
    : EQUAL | NOT_EQUAL | LESS | GREATER | LESS_EQUAL | GREATER_EQUAL
    ;

valueExpression
    : op=(PLUS | MINUS | TILDE) valueExpression                                    #unaryExpression
    | left=valueExpression op=(ASTERISK | SOLIDUS) right=valueExpression           #multiplicativeExpression
    | left=valueExpression op=(PLUS | MINUS) right=valueExpression                 #additiveExpression
    | left=valueExpression AMPERSAND right=valueExpression                         #bitAndExpression
    | left=valueExpression CIRCUMFLEX right=valueExpression                        #bitXorExpression
    | left=valueExpression VERTICAL_BAR right=valueExpression                      #bitOrExpression
    | left=valueExpression CONCAT right=valueExpression                            #concatExpression
    | primary                                                                      #primaryExpression
    ;

primary
    : unsignedNumber                                                               #numberLiteral
    | STRING_LITERAL+                                                              #stringLiteral
    | NULL                                                                         #nullLiteral
    | CAST LPAREN valueExpression AS castTarget RPAREN                             #castExpression
    | CASE valueExpression caseValueWhen+ caseElse? END                            #simpleCaseExpression
    | CASE caseConditionWhen+ caseElse? END                                        #searchedCaseExpression
    | name=REGULAR_IDENTIFIER LPAREN setQuantifier? functionArguments? RPAREN      #functionCall
    | qualifiedName                                                                #columnReference
    | LPAREN subqueryBody RPAREN                                                   #scalarSubquery
    | LPAREN valueExpression RPAREN                                                #parenthesizedExpression
    ;

functionArguments
    : ASTERISK
    | valueExpression (COMMA valueExpression)*
    ;

caseValueWhen
    : WHEN valueExpression THEN valueExpression
    ;

caseConditionWhen
    : WHEN searchCondition THEN valueExpression
    ;

caseElse
    : ELSE valueExpression
    ;

castTarget
    : REGULAR_IDENTIFIER+ (LPAREN UNSIGNED_INTEGER RPAREN)?
    ;

unsignedNumber
    : UNSIGNED_INTEGER
    | EXACT_DECIMAL
    | APPROXIMATE_NUMBER
    | HEX_LITERAL
    ;

// [catalog.][schema.]table[.column]: what each part means depends on where it stands.
qualifiedName
    : identifier (PERIOD identifier)*
    ;

identifier
    : REGULAR_IDENTIFIER
    | DELIMITED_IDENTIFIER
    ;
