import { describe, expect, it } from 'vitest';
import { fillPlaceholders, type PlaceholderValues } from './placeholders.ts';

const values: PlaceholderValues = {
  'customer.name': 'Ana Lima',
  'customer.organization': 'Northwind Bank',
  'case.number': 'CB-000477',
  'case.subject': 'Vault stops',
  'case.priority': 'Critical',
  'agent.name': 'Eve Stone',
  'agent.email': 'eve@casebook.test',
};

describe('fillPlaceholders', () => {
  it('fills every placeholder, with or without spaces inside the braces', () => {
    expect(fillPlaceholders('Hello {{customer.name}}, about {{ case.number }}: {{agent.name}}', values)).toBe('Hello Ana Lima, about CB-000477: Eve Stone');
  });
  it('leaves an unknown placeholder as written', () => {
    expect(fillPlaceholders('Hi {{customer.nickname}}', values)).toBe('Hi {{customer.nickname}}');
  });
});
