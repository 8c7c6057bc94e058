// node validate.mjs <openapi.json>: exit 0 when the document is valid OpenAPI (its declared
// version), else prints every error and exits 1. It first proves it can fail: a copy with an
// operation's responses removed must be refused.
import { Validator } from "@seriousme/openapi-schema-validator";
import { readFileSync } from "node:fs";

const file = process.argv[2];
if (!file) throw new Error("usage: node validate.mjs <openapi.json>");
const document = JSON.parse(readFileSync(file, "utf8"));

const broken = structuredClone(document);
const [firstPath] = Object.keys(broken.paths);
const [firstMethod] = Object.keys(broken.paths[firstPath]);
delete broken.paths[firstPath][firstMethod].responses;
broken.paths[firstPath][firstMethod].parameters = [{ in: "nowhere" }];
const refused = await new Validator().validate(broken);
if (refused.valid) {
  console.error("the validator accepted a broken document: it cannot be trusted here");
  process.exit(1);
}

const validator = new Validator();
const result = await validator.validate(document);
if (!result.valid) {
  console.error(`${file}: not valid OpenAPI ${document.openapi}:`);
  console.error(JSON.stringify(result.errors, null, 2));
  process.exit(1);
}
console.log(`${file}: valid OpenAPI ${validator.version}, ${Object.keys(document.paths).length} paths`);
