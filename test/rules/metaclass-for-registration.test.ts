import rule from '../../server/src/rules/metaclass-for-registration';
import { testRule } from '../rule-tester';

const lines = (...source: string[]) => source.join('\n') + '\n';

testRule(rule, {
  valid: [
    // __prepare__ shapes the namespace before the body runs; __init_subclass__ comes too late for that.
    lines(
      'class RecordingMeta(type):',
      '    @classmethod',
      '    def __prepare__(mcs, name, bases, **kwargs):',
      '        return OrderedNamespace()',
      '',
      '    def __new__(mcs, name, bases, namespace, **kwargs):',
      '        cls = super().__new__(mcs, name, bases, dict(namespace))',
      '        REGISTRY.append(cls)',
      '        return cls',
    ),
    // Adds a base class.
    lines(
      'class TracedMeta(type):',
      '    def __new__(mcs, name, bases, namespace):',
      '        cls = super().__new__(mcs, name, bases + (TraceMixin,), namespace)',
      '        TRACED[name] = cls',
      '        return cls',
    ),
    // Writes into the namespace before the class exists.
    lines(
      'class FieldsMeta(type):',
      '    def __new__(mcs, name, bases, namespace):',
      '        namespace["_fields"] = tuple(k for k, v in namespace.items() if isinstance(v, Field))',
      '        return super().__new__(mcs, name, bases, namespace)',
    ),
    lines(
      'class ModelMeta(type):',
      '    def __new__(mcs, name, bases, namespace, **kwargs):',
      '        abstract = namespace.pop("abstract", False)',
      '        cls = super().__new__(mcs, name, bases, namespace, **kwargs)',
      '        if not abstract:',
      '            MODELS[name] = cls',
      '        return cls',
    ),
    // Changes the created class.
    lines(
      'class TableMeta(type):',
      '    def __init__(cls, name, bases, namespace):',
      '        super().__init__(name, bases, namespace)',
      '        cls.__tablename__ = name.lower()',
      '        TABLES[name] = cls',
    ),
    // Class-level behaviour that __init_subclass__ cannot give.
    lines(
      'class CountedMeta(type):',
      '    def __init__(cls, name, bases, namespace):',
      '        super().__init__(name, bases, namespace)',
      '        KNOWN.append(cls)',
      '',
      '    def __call__(cls, *args, **kwargs):',
      '        instance = super().__call__(*args, **kwargs)',
      '        instance.created_at = now()',
      '        return instance',
    ),
    lines(
      'class DuckMeta(type):',
      '    def __new__(mcs, name, bases, namespace):',
      '        cls = super().__new__(mcs, name, bases, namespace)',
      '        DUCKS.add(cls)',
      '        return cls',
      '',
      '    def __instancecheck__(cls, obj):',
      '        return hasattr(obj, "quack")',
    ),
    lines(
      'class NamedMeta(type):',
      '    def __init__(cls, name, bases, namespace):',
      '        super().__init__(name, bases, namespace)',
      '        NAMES[name] = cls',
      '',
      '    @property',
      '    def label(cls):',
      '        return cls.__name__.title()',
    ),
    // A method of the new class may change it.
    lines(
      'class AutoFieldsMeta(type):',
      '    def __init__(cls, name, bases, namespace):',
      '        super().__init__(name, bases, namespace)',
      '        cls.add_field("id", cls)',
    ),
    // Records the raw arguments, not the class.
    lines(
      'class RecordingArgsMeta(type):',
      '    def __new__(mcls, name, bases, ns):',
      '        CALLS.append((mcls, name, bases, ns))',
      '        return super().__new__(mcls, name, bases, ns)',
    ),
    // Another metaclass builds on this one.
    lines(
      'class Final(type):',
      '    def __new__(mcs, name, bases, namespace):',
      '        for base in bases:',
      '            if isinstance(base, Final):',
      '                raise TypeError(f"{base.__name__} is final")',
      '        return super().__new__(mcs, name, bases, namespace)',
      '',
      'class NoPublicConstructor(Final):',
      '    def __call__(cls, *args, **kwargs):',
      '        raise TypeError(f"{cls.__name__} has no public constructor")',
    ),
    // Not a metaclass: an ordinary class registering its instances.
    lines('class Plugin:', '    def __init__(self, name):', '        if name in PLUGINS:', '            raise ValueError(name)', '        PLUGINS[name] = self'),
  ],
  invalid: [
    {
      name: 'a registry filled in __new__',
      code: lines(
        'class HandlerMeta(type):',
        '    registry = {}',
        '',
        '    def __new__(mcs, name, bases, namespace, **kwargs):',
        '        cls = super().__new__(mcs, name, bases, namespace, **kwargs)',
        '        if bases:',
        '            mcs.registry[namespace.get("event", name)] = cls',
        '        return cls',
        '',
        'class Handler(metaclass=HandlerMeta):',
        '    pass',
      ),
      findings: [{ text: 'HandlerMeta', line: 1, column: 7, fix: null }],
    },
    {
      name: 'a docstring check in __init__',
      code: lines(
        'class DocumentedMeta(type):',
        '    """Every class must explain itself."""',
        '',
        '    def __init__(cls, name, bases, namespace, **kwargs):',
        '        super().__init__(name, bases, namespace, **kwargs)',
        '        if not namespace.get("__doc__"):',
        '            raise TypeError(f"{name} needs a docstring")',
      ),
      findings: [{ text: 'DocumentedMeta', message: '`__init_subclass__`' }],
    },
    {
      name: 'an ABCMeta subclass checking required attributes',
      code: lines(
        'from abc import ABCMeta',
        '',
        'class CommandMeta(ABCMeta):',
        '    required = ("name", "help")',
        '',
        '    def __new__(mcs, name, bases, namespace, **kwargs):',
        '        if bases:',
        '            missing = [attr for attr in mcs.required if attr not in namespace]',
        '            if missing:',
        '                raise TypeError(f"{name} lacks {missing}")',
        '        return super().__new__(mcs, name, bases, namespace, **kwargs)',
      ),
      findings: [{ text: 'CommandMeta', line: 3 }],
    },
    {
      name: 'a module-level list through abc.ABCMeta',
      code: lines(
        'import abc',
        '',
        'SERIALIZERS = []',
        '',
        'class SerializerMeta(abc.ABCMeta):',
        '    def __init__(cls, name, bases, namespace):',
        '        super(SerializerMeta, cls).__init__(name, bases, namespace)',
        '        for attr in ("load", "dump"):',
        '            if attr not in namespace:',
        '                raise TypeError(attr)',
        '        SERIALIZERS.append(cls)',
      ),
      findings: [{ text: 'SerializerMeta' }],
    },
    {
      name: 'registration through a registry object method, guarded by the namespace',
      code: lines(
        'class YAMLObjectMeta(type):',
        '    def __init__(cls, name, bases, kwds):',
        '        super(YAMLObjectMeta, cls).__init__(name, bases, kwds)',
        '        if kwds.get("yaml_tag") is not None:',
        '            cls.yaml_loader.add_constructor(cls.yaml_tag, cls.from_yaml)',
        '            cls.yaml_dumper.add_representer(cls, cls.to_yaml)',
      ),
      findings: [{ text: 'YAMLObjectMeta' }],
    },
  ],
});
