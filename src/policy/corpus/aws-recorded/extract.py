# Extracts the policy-document DATA (documents, accept/refuse, AWS's message) from moto's
# tests/test_iam/test_iam_policies.py, read on stdin:
#   git --git-dir=<moto>.git show <commit>:tests/test_iam/test_iam_policies.py | python3 extract.py <commit> > aws-recorded.json
# Only the literal lists are read (ast.literal_eval); no moto code is run or copied.
import ast, json, sys

tree = ast.parse(sys.stdin.read())
lists = {}
for node in tree.body:
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
        lists[node.targets[0].id] = ast.literal_eval(node.value)

commit = sys.argv[1]
source = f"getmoto/moto@{commit} tests/test_iam/test_iam_policies.py"
cases = []
for i, c in enumerate(lists["invalid_policy_document_test_cases"]):
    cases.append({"name": f"invalid #{i}", "source": source, "operation": "CreatePolicy",
                  "document": json.dumps(c["document"]), "expect": {"error": c["error_message"]}})
for i, d in enumerate(lists["valid_policy_documents"]):
    cases.append({"name": f"valid #{i}", "source": source, "operation": "CreatePolicy",
                  "document": json.dumps(d), "expect": {"valid": True}})
json.dump(cases, sys.stdout, indent=1)
sys.stdout.write("\n")
