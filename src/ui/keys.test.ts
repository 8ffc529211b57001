// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { isTextField, shortcutFor } from './keys.ts';

/** `el('input type=range')`: a tag and its attributes. */
function el(spec: string): HTMLElement {
  const [tag, ...attrs] = spec.split(' ');
  const e = document.createElement(tag!);
  for (const a of attrs) {
    const [k, v] = a.split('=');
    e.setAttribute(k!, v ?? '');
  }
  return e;
}

const press = (key: string, target: EventTarget | null, more: Partial<KeyboardEventInit> = {}) => ({
  key,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target,
  ...more,
});

describe('isTextField', () => {
  it('is true where a key types a character', () => {
    for (const h of [
      'input',
      'input type=text',
      'input type=search',
      'input type=number',
      'textarea',
    ])
      expect(isTextField(el(h)), h).toBe(true);
  });
  it('is false for menus, sliders, checkboxes and buttons', () => {
    for (const h of [
      'select',
      'input type=range',
      'input type=checkbox',
      'input type=radio',
      'button',
      'div',
    ])
      expect(isTextField(el(h)), h).toBe(false);
  });
});

describe('shortcutFor', () => {
  it('gives the app its keys on a menu, a slider and a checkbox', () => {
    for (const h of ['select', 'input type=range', 'input type=checkbox']) {
      expect(shortcutFor(press('ArrowRight', el(h)), false)).toBe('ArrowRight');
      expect(shortcutFor(press(' ', el(h)), false)).toBe(' ');
    }
  });
  it('leaves typing alone', () => {
    expect(shortcutFor(press('ArrowRight', el('input')), false)).toBeNull();
    expect(shortcutFor(press('c', el('textarea')), false)).toBeNull();
  });
  it('leaves Space to a button or checkbox reached with Tab, not one clicked', () => {
    expect(shortcutFor(press(' ', el('button')), true)).toBeNull();
    expect(shortcutFor(press(' ', el('input type=checkbox')), true)).toBeNull();
    expect(shortcutFor(press(' ', el('button')), false)).toBe(' ');
    expect(shortcutFor(press(' ', el('select')), true)).toBe(' ');
  });
  it('leaves modified keys and Enter to the browser, and names Shift+arrows', () => {
    expect(shortcutFor(press('r', null, { ctrlKey: true }), false)).toBeNull();
    expect(shortcutFor(press('Enter', null), false)).toBeNull();
    expect(shortcutFor(press('ArrowLeft', null, { shiftKey: true }), false)).toBe(
      'Shift+ArrowLeft',
    );
    expect(shortcutFor(press('C', null, { shiftKey: true }), false)).toBe('c');
  });
});
