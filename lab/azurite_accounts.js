// Preloaded into Azurite by azslab (node -r): Azurite reads AZURITE_ACCOUNTS from its own environment
// only, so this re-reads the account list from the file named by AZSLAB_ACCOUNTS_FILE whenever that file
// changes, before an account is looked up. It saves restarting Azurite for every new storage account.
"use strict";
const fs = require("fs");
const file = process.env.AZSLAB_ACCOUNTS_FILE;
const store = require(process.env.AZSLAB_ACCOUNT_STORE).default;
const lookup = store.prototype.getAccount;
let seen = "";
store.prototype.getAccount = function (name) {
  try {
    const stat = fs.statSync(file, { bigint: true });
    const stamp = `${stat.mtimeNs}:${stat.size}`;
    if (stamp !== seen) {
      seen = stamp;
      process.env.AZURITE_ACCOUNTS = fs.readFileSync(file, "utf8").trim();
      this.refresh();
    }
  } catch (err) {
    // No file yet: keep the accounts Azurite started with.
  }
  return lookup.call(this, name);
};
