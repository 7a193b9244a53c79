import { Injectable, PipeTransform } from '@nestjs/common';
import { Problem, refuseRequest } from '@app/contracts';

/** Ids of rows with a bigint serial key: a positive whole number PostgreSQL's bigint holds. */
const POSITIVE_ID = /^[1-9]\d{0,17}$/;

/**
 * A numeric path id (`DELETE /jurisdictions/{id}`), refused with 400 when it is not one: text
 * or a number past bigint reached PostgreSQL as `invalid input syntax for type bigint` (a 500).
 * The id stays a string: JavaScript numbers cannot hold every bigint.
 */
@Injectable()
export class ParsePositiveIdPipe implements PipeTransform<string, string> {
  constructor(private readonly what = 'id') {}

  transform(value: string): string {
    if (typeof value !== 'string' || !POSITIVE_ID.test(value)) {
      throw refuseRequest(Problem.PositiveId, this.what, `${this.what} must be a positive whole number of at most 18 digits`);
    }
    return value;
  }
}

/**
 * A text path or query parameter that must match `pattern` (`team` = `fangcheng`); optional ones
 * pass when absent. The message says what the value must be.
 */
@Injectable()
export class ParseMatchingPipe implements PipeTransform<string | undefined, string | undefined> {
  constructor(
    private readonly name: string,
    private readonly pattern: RegExp,
    private readonly must: string,
    private readonly optional = false,
  ) {}

  transform(value: string | undefined): string | undefined {
    if (value === undefined && this.optional) return undefined;
    if (typeof value !== 'string' || !this.pattern.test(value)) throw refuseRequest('validation.format', this.name, `${this.name} must be ${this.must}`);
    return value;
  }
}

/**
 * A whole-number query parameter with its range (`limit`, `withinDays`): absent → `fallback`;
 * anything else must be digits within [min, max] or it is refused with 400 naming the parameter
 * and the range. Values outside the range used to be clamped silently: `?limit=100000` answered
 * 1000 rows as if that were everything. `describe` gives the OpenAPI schema the same bounds.
 */
@Injectable()
export class ParseIntInRangePipe implements PipeTransform<string | undefined, number> {
  constructor(
    private readonly name: string,
    readonly min: number,
    readonly max: number,
    private readonly fallback: number,
  ) {}

  transform(value: string | undefined): number {
    if (value === undefined) return this.fallback;
    const n = typeof value === 'string' && /^-?\d{1,16}$/.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(n) || n < this.min || n > this.max) {
      throw refuseRequest(Problem.IntRange, this.name, `${this.name} must be a whole number from ${this.min} to ${this.max}`, { min: this.min, max: this.max });
    }
    return n;
  }

  /** For @ApiQuery: the parameter's schema with the bounds this pipe enforces. */
  static schema(min: number, max: number, fallback?: number): { type: 'integer'; minimum: number; maximum: number; default?: number } {
    return { type: 'integer', minimum: min, maximum: max, ...(fallback === undefined ? {} : { default: fallback }) };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A UUID path parameter (`/impounds/{id}`), refused with 400 naming it when it is not one. Nest's
 * ParseUUIDPipe answered an English sentence without a code or the parameter's name.
 */
@Injectable()
export class ParseUuidParamPipe implements PipeTransform<string | undefined, string | undefined> {
  constructor(
    private readonly name = 'id',
    private readonly optional = false,
  ) {}

  transform(value: string | undefined): string | undefined {
    if (value === undefined && this.optional) return undefined;
    if (typeof value !== 'string' || !UUID.test(value)) throw refuseRequest('validation.not_uuid', this.name, `${this.name} must be a UUID`);
    return value;
  }
}

/** A path or query parameter that must be one of `values` (optional ones pass when absent), refused naming the values. */
@Injectable()
export class ParseOneOfPipe<T extends string> implements PipeTransform<string | undefined, T | undefined> {
  constructor(
    private readonly name: string,
    private readonly values: readonly T[],
    private readonly optional = false,
  ) {}

  transform(value: string | undefined): T | undefined {
    if (value === undefined && this.optional) return undefined;
    if (typeof value !== 'string' || !this.values.includes(value as T)) {
      throw refuseRequest('validation.not_one_of', this.name, `${this.name} must be one of: ${this.values.join(', ')}`, { values: this.values.join(', ') });
    }
    return value as T;
  }
}

/** A `true`/`false` query parameter (optional ones pass when absent): anything else is refused naming it, never read as false. */
@Injectable()
export class ParseFlagPipe implements PipeTransform<string | undefined, boolean | undefined> {
  constructor(
    private readonly name: string,
    private readonly optional = false,
  ) {}

  transform(value: string | undefined): boolean | undefined {
    if (value === undefined && this.optional) return undefined;
    if (value !== 'true' && value !== 'false') throw refuseRequest('validation.not_boolean', this.name, `${this.name} must be true or false`);
    return value === 'true';
  }
}
