#include "store/pg_connection.hpp"

#include <libpq-fe.h>

#include <cctype>
#include <cstring>

namespace parley::store {

namespace {

using result_ptr = std::unique_ptr<PGresult, decltype(&PQclear)>;

db_error error_of(PGconn* c, const PGresult* r) {
  db_error e{db_error::kind::other, r ? PQresultErrorMessage(r) : PQerrorMessage(c)};
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  const char* constraint = r ? PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME) : nullptr;
  if (constraint) e.detail += std::string(" [constraint ") + constraint + "]";
  if (PQstatus(c) != CONNECTION_OK)
    e.k = db_error::kind::connection;
  else if (state && std::strcmp(state, "23505") == 0)
    e.k = db_error::kind::unique;
  else if (state && std::strcmp(state, "23503") == 0)
    e.k = db_error::kind::foreign_key;
  else if (state && (std::strcmp(state, "55P03") == 0 || std::strcmp(state, "40P01") == 0))
    e.k = db_error::kind::busy;
  return e;
}

void ignore_notices(void*, const PGresult*) {}

}  // namespace

std::string pg_connection::rewrite_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  for (std::size_t i = 0; i < sql.size(); ++i) {
    if (sql[i] == '?' && i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1])))
      out += '$';
    else
      out += sql[i];
  }
  return out;
}

db_result<std::unique_ptr<pg_connection>> pg_connection::open(const std::string& url) {
  PGconn* c = PQconnectdb(url.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    db_error e{db_error::kind::connection,
               std::string("cannot connect to PostgreSQL: ") + PQerrorMessage(c)};
    while (!e.detail.empty() && std::isspace(static_cast<unsigned char>(e.detail.back())))
      e.detail.pop_back();
    PQfinish(c);
    return e;
  }
  PQsetNoticeReceiver(c, ignore_notices, nullptr);
  return std::unique_ptr<pg_connection>(new pg_connection(c));
}

pg_connection::~pg_connection() {
  PQfinish(conn_);
}

bool pg_connection::ok() {
  return PQstatus(conn_) == CONNECTION_OK;
}

void pg_connection::reset() {
  PQreset(conn_);
  prepared_.clear();  // a new server session has no prepared statements
}

db_result<std::string> pg_connection::prepare(std::string_view sql, int nparams) {
  std::string key(sql);
  if (auto it = prepared_.find(key); it != prepared_.end()) return it->second;
  std::string name = "s" + std::to_string(prepared_.size() + 1);
  result_ptr r(PQprepare(conn_, name.c_str(), rewrite_placeholders(sql).c_str(), nparams, nullptr),
               &PQclear);
  if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) return error_of(conn_, r.get());
  prepared_.emplace(std::move(key), name);
  return name;
}

db_result<rows> pg_connection::query(std::string_view sql, std::span<const param> params) {
  auto name = prepare(sql, static_cast<int>(params.size()));
  if (!name) return name.error();
  std::vector<std::string> owned(params.size());
  std::vector<const char*> values(params.size(), nullptr);
  std::vector<int> lengths(params.size(), 0);
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (auto* n = std::get_if<std::int64_t>(&params[i]))
      owned[i] = std::to_string(*n);
    else if (auto* s = std::get_if<std::string_view>(&params[i]))
      owned[i] = std::string(*s);
    else
      continue;  // NULL
    values[i] = owned[i].c_str();
    lengths[i] = static_cast<int>(owned[i].size());
  }
  result_ptr r(PQexecPrepared(conn_, name->c_str(), static_cast<int>(params.size()), values.data(),
                              lengths.data(), nullptr, 0),
               &PQclear);
  auto status = PQresultStatus(r.get());
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) return error_of(conn_, r.get());
  rows out;
  const int n = PQntuples(r.get()), cols = PQnfields(r.get());
  out.data.resize(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    auto& row = out.data[static_cast<std::size_t>(i)];
    row.reserve(static_cast<std::size_t>(cols));
    for (int c = 0; c < cols; ++c) {
      if (PQgetisnull(r.get(), i, c))
        row.emplace_back(std::nullopt);
      else
        row.emplace_back(std::string(PQgetvalue(r.get(), i, c),
                                     static_cast<std::size_t>(PQgetlength(r.get(), i, c))));
    }
  }
  const char* affected = PQcmdTuples(r.get());
  out.affected = (affected && *affected) ? std::stoll(affected) : 0;
  return out;
}

db_result<void> pg_connection::exec(std::string_view script) {
  result_ptr r(PQexec(conn_, std::string(script).c_str()), &PQclear);
  auto status = PQresultStatus(r.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return error_of(conn_, r.get());
  return {};
}

}  // namespace parley::store
