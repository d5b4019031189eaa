import { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { allSearchAttributes, type SearchAttributeType } from '#libs/contracts';

// @temporalio/proto is CommonJS: take the namespace from its default export.
const IndexedValueType = proto.temporal.api.enums.v1.IndexedValueType;
/** Our search attribute types as the server's indexed value types. */
export const indexedValueTypes: Record<SearchAttributeType, proto.temporal.api.enums.v1.IndexedValueType> = {
  Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Int: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  Datetime: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  Text: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  Bool: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  Double: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  KeywordList: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/** Register the workflows' custom search attributes; idempotent, adds only the missing ones. */
export async function ensureSearchAttributes(connection: Pick<Connection, 'operatorService'>, namespace: string): Promise<string[]> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = allSearchAttributes.filter((a) => !known.has(a.name));
  if (missing.length === 0) return [];
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((a) => [a.name, indexedValueTypes[a.type]])),
  });
  return missing.map((a) => a.name);
}
