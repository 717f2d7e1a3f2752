/** Compares two keys: negative, zero or positive, as Array.prototype.sort expects. */
export type Compare<Key> = (a: Key, b: Key) => number;

interface Node<Key> {
  key: Key;
  /** The next node at each level this node stands on; level 0 links every node in order. */
  readonly next: (Node<Key> | undefined)[];
}

const MAX_LEVEL = 24;
/** The chance a node also stands on the level above: a quarter keeps nodes small (1.33 links). */
const PROMOTION = 0.25;

/**
 * A sorted set of keys, kept as a skip list (keys are compared as positions: a key is a position,
 * and a bare position can say where to start reading): finding, inserting and deleting cost O(log n)
 * expected, and reading k keys in order from any position costs O(log n + k). Keys that compare
 * equal are the same entry. Removing the first key costs O(1), which is what an expiry sweep does
 * over and over.
 */
export class OrderedIndex<Key extends Position, Position = Key> {
  private readonly head: Node<Key>;
  private level = 1;
  private count = 0;

  constructor(
    private readonly compare: Compare<Position>,
    private readonly random: () => number = Math.random,
  ) {
    this.head = { key: undefined as Key, next: new Array<Node<Key> | undefined>(MAX_LEVEL) };
  }

  get size(): number {
    return this.count;
  }

  /** Adds `key`; a key already there that compares equal is replaced by it. */
  insert(key: Key): void {
    const path = this.pathTo(key);
    const found = path[0]!.next[0];
    if (found && this.compare(found.key, key) === 0) {
      found.key = key;
      return;
    }
    const height = this.randomHeight();
    for (let level = this.level; level < height; level++) path[level] = this.head;
    this.level = Math.max(this.level, height);
    const node: Node<Key> = { key, next: new Array<Node<Key> | undefined>(height) };
    for (let level = 0; level < height; level++) {
      node.next[level] = path[level]!.next[level];
      path[level]!.next[level] = node;
    }
    this.count++;
  }

  /** Removes the key that compares equal to `key`; says whether there was one. */
  delete(key: Key): boolean {
    const path = this.pathTo(key);
    const found = path[0]!.next[0];
    if (!found || this.compare(found.key, key) !== 0) return false;
    for (let level = 0; level < found.next.length; level++) {
      path[level]!.next[level] = found.next[level];
    }
    while (this.level > 1 && !this.head.next[this.level - 1]) this.level--;
    this.count--;
    return true;
  }

  /** The smallest key, if any. */
  first(): Key | undefined {
    return this.head.next[0]?.key;
  }

  /** Removes and returns the smallest key: O(1), as its node is linked from the head only. */
  shift(): Key | undefined {
    const first = this.head.next[0];
    if (!first) return undefined;
    for (let level = 0; level < first.next.length; level++) {
      this.head.next[level] = first.next[level];
    }
    while (this.level > 1 && !this.head.next[this.level - 1]) this.level--;
    this.count--;
    return first.key;
  }

  /**
   * Up to `limit` keys in order, starting strictly after `after` (from the first without it).
   * `after` need not be in the index: a position is enough.
   */
  take(after: Position | undefined, limit: number): Key[] {
    let node = after === undefined ? this.head.next[0] : this.firstAfter(after);
    const keys: Key[] = [];
    while (node && keys.length < limit) {
      keys.push(node.key);
      node = node.next[0];
    }
    return keys;
  }

  /** The first node whose key is greater than `key`. */
  private firstAfter(key: Position): Node<Key> | undefined {
    let node = this.head;
    for (let level = this.level - 1; level >= 0; level--) {
      for (let next = node.next[level]; next && this.compare(next.key, key) <= 0;) {
        node = next;
        next = node.next[level];
      }
    }
    return node.next[0];
  }

  /** At each level, the last node whose key is less than `key` (the head where none is). */
  private pathTo(key: Key): Node<Key>[] {
    const path = new Array<Node<Key>>(MAX_LEVEL);
    let node = this.head;
    for (let level = this.level - 1; level >= 0; level--) {
      for (let next = node.next[level]; next && this.compare(next.key, key) < 0;) {
        node = next;
        next = node.next[level];
      }
      path[level] = node;
    }
    return path;
  }

  private randomHeight(): number {
    let height = 1;
    while (height < MAX_LEVEL && this.random() < PROMOTION) height++;
    return height;
  }
}
