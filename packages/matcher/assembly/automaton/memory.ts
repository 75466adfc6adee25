// Unmanaged-memory helpers. Compiled automata never live in GC objects: a Fluent Bit
// filter calls __collect() per record and must find nothing of ours to trace.

/** True when [pointer, pointer + length) lies inside linear memory (reading it cannot trap). */
export function isInMemory(pointer: usize, length: usize): bool {
  const end = pointer + length;
  return end >= pointer && end <= (<usize>memory.size() << 16);
}

/** Allocates `words` u32 words (at least one, so the pointer is always a real block). */
export function allocateWords(words: u32): usize {
  return heap.alloc(<usize>max<u32>(words, 1) << 2);
}

/** Resizes a u32-word block to `words` words, keeping its contents (0 = a new block). */
export function reallocateWords(pointer: usize, words: u32): usize {
  if (pointer == 0) return allocateWords(words);
  return heap.realloc(pointer, <usize>max<u32>(words, 1) << 2);
}

/** Frees a block if it is allocated; returns 0 so callers can clear the field in one line. */
export function release(pointer: usize): usize {
  if (pointer != 0) heap.free(pointer);
  return 0;
}

/** Fills `words` u32 words with `value`. */
export function fillWords(pointer: usize, value: u32, words: u32): void {
  if (value == 0 || value == 0xffffffff) {
    memory.fill(pointer, <u8>value, <usize>words << 2);
    return;
  }
  for (let index: u32 = 0; index < words; index++) store<u32>(pointer + (<usize>index << 2), value);
}

/** A growable list of u32 words in unmanaged memory, used while compiling only. */
@unmanaged
export class WordList {
  pointer: usize = 0;
  length: u32 = 0;
  capacity: u32 = 0;

  static create(capacity: u32): WordList {
    const list = new WordList();
    list.pointer = allocateWords(capacity);
    list.length = 0;
    list.capacity = max<u32>(capacity, 1);
    return list;
  }

  push(value: u32): void {
    if (this.length == this.capacity) {
      this.capacity = this.capacity << 1;
      this.pointer = reallocateWords(this.pointer, this.capacity);
    }
    store<u32>(this.pointer + (<usize>this.length << 2), value);
    this.length++;
  }

  get(index: u32): u32 {
    return load<u32>(this.pointer + (<usize>index << 2));
  }

  /** Frees the list and hands its block (trimmed to its length) to the caller. */
  detach(): usize {
    const pointer = reallocateWords(this.pointer, this.length);
    heap.free(changetype<usize>(this));
    return pointer;
  }

  dispose(): void {
    release(this.pointer);
    heap.free(changetype<usize>(this));
  }
}
