import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * A Chinese court case number (案号): year in brackets, court code, case type, sequence, 号,
 * e.g. (2025)桂0603执1234号, （2024）桂06执恢12号, (2023)最高法执监1号, (2025)桂0603执1234号之一.
 * Half- and full-width brackets are both in use.
 */
const CASE_NUMBER = /^[(（]\d{4}[)）][\u4e00-\u9fff]{1,4}\d{0,4}[\u4e00-\u9fff]{1,4}\d{1,6}号(之[一二三四五六七八九十\d]{1,3})?$/u;

/** Why `value` is not a case number, or null if it is one. */
export function caseNumberProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'caseNumber must be a string';
  if (!CASE_NUMBER.test(value)) return 'caseNumber must be a court case number such as (2025)桂0603执1234号';
  return null;
}

export const IsCaseNumber = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isCaseNumber',
      validator: {
        validate: (value: unknown) => caseNumberProblem(value) === null,
        defaultMessage: (args) => caseNumberProblem(args?.value) ?? 'caseNumber is invalid',
      },
    },
    options,
  );
