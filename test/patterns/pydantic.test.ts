import { describePatterns } from '../pattern-cases';

const IMPORTS = 'from pydantic import BaseModel, ConfigDict, field_validator, model_validator\n\n';

describePatterns('pydantic BaseModel', {
  recognized: [
    {
      name: 'a model from its class name',
      code: `${IMPORTS}class Us‸er(BaseModel):\n    name: str\n    age: int = 0\n`,
      id: 'pydantic-model',
      span: 'class User',
      detail: '`User(…)` validates and converts `name` and `age`, and raises `ValidationError` when the input does not fit.',
    },
    {
      name: 'the base in its header, through `import pydantic as pd`',
      code: 'import pydantic as pd\n\nclass User(pd.Base‸Model):\n    name: str\n',
      id: 'pydantic-model',
      span: 'pd.BaseModel',
      detailHas: ['`User(…)` validates and converts `name`'],
    },
    {
      name: 'a subclass of a model of the module',
      code: `${IMPORTS}class Base(BaseModel):\n    id: int\n\nclass Us‸er(Base):\n    pass\n`,
      id: 'pydantic-model',
      span: 'class User',
      detail: '`User(…)` validates and converts the fields it declares and inherits, and raises `ValidationError` when the input does not fit.',
    },
    { name: 'the name in its import', code: 'from pydantic import BaseModel as ‸Model\n', id: 'pydantic-model', span: 'Model', detail: null },
  ],
  unrecognized: [
    { name: 'a local class named BaseModel', code: 'class BaseModel:\n    pass\n\nclass Us‸er(BaseModel):\n    name: str\n' },
    { name: 'a field of a model', code: `${IMPORTS}class User(BaseModel):\n    na‸me: str\n` },
  ],
  halfTyped: [`${IMPORTS}class User(BaseModel\n    name: str =\n`],
});

describePatterns('@field_validator', {
  recognized: [
    {
      name: 'a field validator, with the fields it checks',
      code: `${IMPORTS}class Account(BaseModel):\n    email: str\n\n    @field_valid‸ator("email")\n    @classmethod\n    def normalize(cls, value):\n        return value.lower()\n`,
      id: 'field-validator',
      span: '@field_validator("email")',
      detail: 'Checks `email` after pydantic has converted the input to the declared type.',
    },
    {
      name: 'a before-validator of a field it does not have, through `import pydantic`',
      code: 'import pydantic\n\nclass Account(pydantic.BaseModel):\n    email: str\n\n    @pydantic.field_valid‸ator("emial", mode="before")\n    @classmethod\n    def strip(cls, value):\n        return value.strip()\n',
      id: 'field-validator',
      span: '@pydantic.field_validator("emial", mode="before")',
      detail: 'Checks `emial` before pydantic converts it: the value is whatever the input held.\n\n⚠ `emial` is not a field of `Account`: pydantic raises an error when the class is created.',
    },
    {
      name: 'a validator that returns nothing',
      code: `${IMPORTS}class Account(BaseModel):\n    email: str\n\n    ‸@field_validator("*")\n    @classmethod\n    def check(cls, value):\n        assert value\n`,
      id: 'field-validator',
      span: '@field_validator("*")',
      detail: 'Checks every field after pydantic has converted the input to the declared type.\n\n⚠ It never returns a value, so the field is set to `None`: return the value to keep.',
    },
    {
      name: 'a field of a base model, where the fields are not all in the body',
      code: `${IMPORTS}class Base(BaseModel):\n    email: str\n\nclass Account(Base):\n    @field_valid‸ator("email")\n    @classmethod\n    def check(cls, value):\n        return value\n`,
      id: 'field-validator',
      span: '@field_validator("email")',
      detailLacks: ['⚠'],
    },
  ],
  unrecognized: [{ name: "pydantic 1's validator", code: 'from pydantic import validator\n\nclass A:\n    @valid‸ator("x")\n    def check(cls, v):\n        return v\n' }],
  halfTyped: [`${IMPORTS}class Account(BaseModel):\n    @field_validator("email", mode=\n    def check(cls, value`],
});

describePatterns('@model_validator', {
  recognized: [
    {
      name: 'an after-validator',
      code: `${IMPORTS}class Booking(BaseModel):\n    @model_valid‸ator(mode="after")\n    def check(self):\n        return self\n`,
      id: 'model-validator',
      span: '@model_validator(mode="after")',
      detail: 'Runs on the finished model: read the fields on `self`, raise `ValueError` to reject it, and return `self`.',
    },
    {
      name: 'an after-validator that does not return',
      code: `${IMPORTS}class Booking(BaseModel):\n    @model_valid‸ator(mode="after")\n    def check(self):\n        assert self\n`,
      id: 'model-validator',
      span: '@model_validator(mode="after")',
      detail: 'Runs on the finished model.\n\n⚠ It never returns: an after-validator must return `self`.',
    },
    {
      name: 'a before-validator, from its mode',
      code: `${IMPORTS}class Booking(BaseModel):\n    @model_validator(mode="bef‸ore")\n    @classmethod\n    def fill(cls, data):\n        return data\n`,
      id: 'model-validator',
      span: '@model_validator(mode="before")',
      detailHas: ['Runs on the raw input before any field is validated'],
    },
    {
      name: 'a validator whose mode is not a literal, without a detail',
      code: `${IMPORTS}MODE = "after"\n\nclass Booking(BaseModel):\n    @model_valid‸ator(mode=MODE)\n    def check(self):\n        return self\n`,
      id: 'model-validator',
      span: '@model_validator(mode=MODE)',
      detail: null,
    },
    {
      name: 'a validator without its mode',
      code: 'from pydantic import model_validator as mv\n\nclass Booking:\n    @m‸v()\n    def check(self):\n        return self\n',
      id: 'model-validator',
      span: '@mv()',
      detail: '⚠ `mode` must be given: `@model_validator(mode="after")`, `"before"` or `"wrap"`.',
    },
  ],
  unrecognized: [{ name: "pydantic 1's root_validator", code: 'from pydantic import root_validator\n\nclass A:\n    @root_valid‸ator\n    def check(cls, values):\n        return values\n' }],
  halfTyped: [`${IMPORTS}class Booking(BaseModel):\n    @model_validator(mode=\n    def check(self`],
});

describePatterns('ConfigDict', {
  recognized: [
    {
      name: 'model_config = ConfigDict(…), with what each setting does',
      code: `${IMPORTS}class Settings(BaseModel):\n    model_config = Config‸Dict(extra="forbid", frozen=True, title="x")\n`,
      id: 'config-dict',
      span: 'ConfigDict(extra="forbid", frozen=True, title="x")',
      detail: '- `extra="forbid"`: unknown fields raise `ValidationError`.\n- `frozen=True`: instances cannot be changed, and are hashable.',
    },
    {
      name: 'from a setting, assigned to the wrong name',
      code: `${IMPORTS}class Settings(BaseModel):\n    config = ConfigDict(validate_assign‸ment=True)\n`,
      id: 'config-dict',
      span: 'ConfigDict(validate_assignment=True)',
      detail: '- `validate_assignment=True`: assigning to a field validates the new value.\n\n⚠ pydantic reads only `model_config`: assigned to `config`, these settings are ignored.',
    },
    { name: 'the name in its import', code: 'from pydantic import Config‸Dict\n', id: 'config-dict', span: 'ConfigDict', detail: null },
  ],
  unrecognized: [{ name: 'a plain dict', code: `${IMPORTS}class Settings(BaseModel):\n    model_config = di‸ct(frozen=True)\n` }],
  halfTyped: [`${IMPORTS}class Settings(BaseModel):\n    model_config = ConfigDict(extra=\n`],
});
