#include "store/errc.hpp"

namespace parley::store {

namespace {

class category_impl final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "parley.store"; }
  std::string message(int ev) const override {
    switch (static_cast<errc>(ev)) {
      case errc::not_found:
        return "not found";
      case errc::username_taken:
        return "username taken";
      case errc::email_taken:
        return "email taken";
      case errc::duplicate_id:
        return "duplicate id";
      case errc::meeting_ended:
        return "meeting ended";
      case errc::backend_failure:
        return "database failure";
    }
    return "unknown store error";
  }
};

}  // namespace

const boost::system::error_category& category() noexcept {
  static const category_impl c;
  return c;
}

}  // namespace parley::store
