/** A binary max-heap of unit indices keyed by incremental return. */
export class MaxHeap {
  private readonly items: { i: number; key: number }[] = [];
  get size(): number {
    return this.items.length;
  }
  push(i: number, key: number): void {
    const a = this.items;
    a.push({ i, key });
    let c = a.length - 1;
    while (c > 0) {
      const parent = (c - 1) >> 1;
      if (a[parent]!.key >= a[c]!.key) break;
      [a[parent], a[c]] = [a[c]!, a[parent]!];
      c = parent;
    }
  }
  pop(): number | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        const r = l + 1;
        let m = c;
        if (l < a.length && a[l]!.key > a[m]!.key) m = l;
        if (r < a.length && a[r]!.key > a[m]!.key) m = r;
        if (m === c) break;
        [a[m], a[c]] = [a[c]!, a[m]!];
        c = m;
      }
    }
    return top?.i;
  }
}
