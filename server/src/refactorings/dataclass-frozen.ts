// `@dataclass` → `@dataclass(frozen=True)`: instances become immutable values, hashable by their
// fields. Assigning or deleting an attribute of an instance then raises `FrozenInstanceError`, so
// it is offered only when the file does neither: not in the class's methods (`__post_init__`
// included, where `object.__setattr__` is the frozen way), not in the methods of its bases or
// subclasses, and not through a variable the file shows to hold an instance. Frozen and non-frozen
// dataclasses cannot derive from one another (`TypeError` at class creation), so every dataclass
// among its bases and subclasses in the file must be frozen, and an imported base, which may be a
// non-frozen dataclass, keeps it from being offered.

import { ancestorsInFile, attributeWrites, descendantsInFile, heldClass } from '../engine/semantic/class-uses';
import { dataclassOption, setsOption } from './dataclass-option';

export default dataclassOption({
  id: 'dataclass-frozen',
  keyword: 'frozen',
  minPython: [3, 7],
  breaks({ definition, classes, context }) {
    const { semantic } = context;
    // A class that defines them gets `TypeError: Cannot overwrite attribute __setattr__`.
    const dunders = semantic.classFacts(definition).dunders;
    if (dunders.includes('__setattr__') || dunders.includes('__delattr__')) return true;
    const ancestors = ancestorsInFile(semantic, classes, definition);
    const descendants = descendantsInFile(semantic, classes, definition);
    if (!ancestors || !descendants) return true;
    if ([...ancestors, ...descendants].some((other) => semantic.classKind(other).dataclass && !setsOption(other, 'frozen', context))) return true;
    // Instances of the class and of its subclasses are frozen; a base's methods run on them through `self`.
    const frozen = new Set([definition.id, ...descendants.map((each) => each.id)]);
    const inherited = new Set(ancestors.map((each) => each.id));
    return attributeWrites(semantic, definition.tree.rootNode).some((write) => {
      if (write.bypassesSetattr) return false;
      const held = heldClass(semantic, classes, write.object);
      if (held?.kind !== 'instance') return false;
      return frozen.has(held.definition.id) || (held.via === 'self' && inherited.has(held.definition.id));
    });
  },
});
